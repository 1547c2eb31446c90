package dev.sundial.sql.parser;

/**
 * Where a piece of syntax starts in the statement text: 1-based line and column, and the 1-based
 * character offset (PostgreSQL's "position"). {@link #NONE} for synthesized nodes.
 */
public record Pos(int line, int column, int offset) {
    public static final Pos NONE = new Pos(0, 0, 0);
}
