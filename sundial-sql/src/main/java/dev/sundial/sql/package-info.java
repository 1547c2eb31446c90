/**
 * Sundial's SQL engine (DESIGN §6), reached from core through {@link dev.sundial.SqlEngine}
 * ({@link dev.sundial.sql.SundialSqlEngine}). Packages in data-flow order:
 * {@code parser} (ANTLR grammar → AST with positions) → {@code analyze} (names, types, casts,
 * constant folding, aggregates → {@code SelectPlan} and {@code Eval} trees) → {@code plan} (time
 * range, tag index, series predicates, push-down, operator choice, EXPLAIN) → {@code exec}
 * (vectorized operators over column batches, limits) with {@code function} (scalar functions,
 * time buckets, aggregate accumulators). The module knows no file formats: it reads through core's
 * snapshots and chunk sources. See docs/sql.md.
 */
package dev.sundial.sql;
