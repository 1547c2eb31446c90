/**
 * Semantic analysis: resolves names in a {@link dev.sundial.sql.analyze.Scope} (with "did you mean"),
 * checks and coerces types, folds constants (so parameters and {@code now() - INTERVAL …} become
 * literals the planner can prune with), collects aggregates and GROUP BY keys, and produces a
 * {@link dev.sundial.sql.analyze.SelectPlan}. One analyzer per statement execution.
 */
package dev.sundial.sql.analyze;
