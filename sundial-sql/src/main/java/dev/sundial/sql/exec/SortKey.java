package dev.sundial.sql.exec;

/** One ORDER BY key: output column, direction, and where NULLs go (PostgreSQL default: last for ASC, first for DESC). */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
}
