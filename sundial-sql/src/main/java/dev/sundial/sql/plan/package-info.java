/**
 * Planning: splits WHERE into the scan's time range, tag-index predicates, per-series predicates and
 * the row filter ({@link dev.sundial.sql.plan.ScanPredicates}), chooses operators and push-down
 * ({@link dev.sundial.sql.plan.QueryPlanner}), and renders EXPLAIN.
 */
package dev.sundial.sql.plan;
