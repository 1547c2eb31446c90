/**
 * Functions: scalar evaluators (time buckets, date parts, time zones, to_timestamp, math, text,
 * variadic) and the aggregate
 * {@link dev.sundial.sql.function.Accumulator}s with group-indexed state, run-wise reduction,
 * push-down from chunk statistics where exact, and parallel merge; plus SQL value semantics
 * ({@link dev.sundial.sql.function.SqlValues}), time zone names
 * ({@link dev.sundial.sql.function.TimeZoneNames}) and interval text
 * ({@link dev.sundial.sql.function.IntervalText}).
 */
package dev.sundial.sql.function;
