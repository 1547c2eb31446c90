/**
 * Functions: scalar evaluators (time buckets, math, text, variadic) and the aggregate
 * {@link dev.sundial.sql.function.Accumulator}s with group-indexed state, run-wise reduction,
 * push-down from chunk statistics where exact, and parallel merge; plus SQL value semantics
 * ({@link dev.sundial.sql.function.SqlValues}).
 */
package dev.sundial.sql.function;
