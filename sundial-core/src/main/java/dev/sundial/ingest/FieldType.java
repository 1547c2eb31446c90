package dev.sundial.ingest;

/**
 * Type of a parsed field value, as written in line protocol (float without suffix, {@code i},
 * {@code u}, boolean, quoted string) or as given or inferred by a CSV header. DESIGN §2 maps FLOAT to
 * {@code DOUBLE}, INTEGER and UNSIGNED to {@code BIGINT}, BOOLEAN to {@code BOOLEAN} and STRING to
 * {@code VARCHAR}. UNSIGNED values are always within 0..2^63−1 (larger ones are rejected by the
 * readers), so {@link ParsedPoint#longValue} holds them without loss.
 */
public enum FieldType {
    FLOAT,
    INTEGER,
    UNSIGNED,
    BOOLEAN,
    STRING
}
