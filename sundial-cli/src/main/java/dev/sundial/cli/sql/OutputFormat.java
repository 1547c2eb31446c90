package dev.sundial.cli.sql;

import dev.sundial.sql.output.CsvPrinter;
import dev.sundial.sql.output.JsonPrinter;
import dev.sundial.sql.output.ResultPrinter;
import java.util.Locale;

/** The output formats of {@code sundial sql --format}. */
public enum OutputFormat {
    TABLE, CSV, JSON;

    /** Parses a format name (case-insensitive); IllegalArgumentException naming the choices otherwise. */
    public static OutputFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use --format '" + name + "': expected table, csv or json", e);
        }
    }

    public ResultPrinter printer() {
        return switch (this) {
            case TABLE -> new AlignedPrinter(AlignedPrinter.WIDTH_SAMPLE_ROWS);
            case CSV -> new CsvPrinter();
            case JSON -> new JsonPrinter();
        };
    }
}
