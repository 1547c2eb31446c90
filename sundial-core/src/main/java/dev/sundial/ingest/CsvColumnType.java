package dev.sundial.ingest;

/**
 * Type of a CSV column, as written in a header cell {@code name:type} ({@code tag}, {@code double},
 * {@code bigint}, {@code boolean}, {@code varchar}, {@code timestamp}), or {@link #INFERRED} for an
 * un-annotated value column (each cell is a number, a boolean or text; see {@link CsvPointReader}).
 */
public enum CsvColumnType {
    TIMESTAMP("timestamp"),
    TAG("tag"),
    DOUBLE("double"),
    BIGINT("bigint"),
    BOOLEAN("boolean"),
    VARCHAR("varchar"),
    INFERRED(null);

    private final String annotation;

    CsvColumnType(String annotation) {
        this.annotation = annotation;
    }

    /** The header annotation ({@code double} for {@code usage:double}); null for INFERRED. */
    public String annotation() {
        return annotation;
    }

    /** The type annotated as {@code text}, or null when {@code text} is not an annotation. */
    static CsvColumnType ofAnnotation(String text) {
        for (CsvColumnType t : values()) {
            if (t.annotation != null && t.annotation.equals(text)) {
                return t;
            }
        }
        return null;
    }
}
