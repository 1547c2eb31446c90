/**
 * The dialect's grammar ({@code SundialSql.g4}, the reference for the syntax) and its front end:
 * {@link dev.sundial.sql.parser.SqlParser} turns text into immutable {@link dev.sundial.sql.parser.Statement}
 * / {@link dev.sundial.sql.parser.Expr} records with a {@link dev.sundial.sql.parser.Pos} on every
 * node, or a {@link dev.sundial.QueryException} with line, column and caret. Thread-safe.
 */
package dev.sundial.sql.parser;
