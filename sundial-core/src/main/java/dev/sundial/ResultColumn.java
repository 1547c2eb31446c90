package dev.sundial;

/** Name and type of one column of a {@link QueryResult}. */
public record ResultColumn(String name, SqlType type) {
}
