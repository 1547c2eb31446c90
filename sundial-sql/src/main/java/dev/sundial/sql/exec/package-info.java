/**
 * Vectorized execution: operators pull {@link dev.sundial.sql.exec.Batch}es of
 * {@link dev.sundial.sql.exec.Vec}tors (primitive arrays, null masks, constant vectors) and evaluate
 * typed {@link dev.sundial.sql.exec.Eval} trees over them. Scans run on the shared
 * {@link dev.sundial.sql.exec.ScanPool}; each statement has a {@link dev.sundial.sql.exec.QueryContext}
 * with its deadline and memory budget.
 */
package dev.sundial.sql.exec;
