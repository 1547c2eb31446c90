package dev.sundial.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The column plan of a CSV file: names and types from the header cells ({@code name} or
 * {@code name:type}, the type after the last colon) combined with {@link CsvReadOptions}. Immutable.
 */
final class CsvHeader {
    final String[] names;
    final CsvColumnType[] types;
    /** Index of the timestamp column, or -1. */
    final int timestampColumn;
    /** Indexes of the tag columns, sorted by name in UTF-8 byte order (the order of a point's tags). */
    final int[] tagOrder;

    private CsvHeader(String[] names, CsvColumnType[] types, int timestampColumn, int[] tagOrder) {
        this.names = names;
        this.types = types;
        this.timestampColumn = timestampColumn;
        this.tagOrder = tagOrder;
    }

    /**
     * Builds the plan.
     *
     * @param cells  header cells, decoded
     * @param cols   1-based byte column of each cell, for messages
     * @throws CsvFormatException naming line 1 and the column of the offending cell
     */
    static CsvHeader of(List<String> cells, int[] cols, CsvReadOptions options) throws CsvFormatException {
        int n = cells.size();
        String[] names = new String[n];
        CsvColumnType[] types = new CsvColumnType[n];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String cell = cells.get(i);
            int colon = cell.lastIndexOf(':');
            CsvColumnType t = colon >= 0 ? CsvColumnType.ofAnnotation(cell.substring(colon + 1)) : null;
            String name = t != null ? cell.substring(0, colon) : cell;
            if (name.isEmpty()) {
                throw new CsvFormatException(1, cols[i], "empty column name in header");
            }
            if (index.putIfAbsent(name, i) != null) {
                throw new CsvFormatException(1, cols[i], "duplicate column name \"" + name + "\" in header");
            }
            names[i] = name;
            types[i] = t != null ? t : CsvColumnType.INFERRED;
        }
        for (String tag : options.tagColumns()) {
            Integer i = index.get(tag);
            if (i == null) {
                throw new CsvFormatException(1, 1, "tag column \"" + tag + "\" is not in the header " + Arrays.toString(names));
            }
            if (types[i] != CsvColumnType.INFERRED && types[i] != CsvColumnType.TAG) {
                throw new CsvFormatException(1, cols[i], "column \"" + tag + "\" is annotated :" + types[i].annotation()
                        + " but listed as a tag");
            }
            types[i] = CsvColumnType.TAG;
        }
        int ts = -1;
        for (int i = 0; i < n; i++) {
            if (types[i] == CsvColumnType.TIMESTAMP) {
                if (ts >= 0) {
                    throw new CsvFormatException(1, cols[i], "more than one :timestamp column (\"" + names[ts] + "\", \""
                            + names[i] + "\")");
                }
                ts = i;
            }
        }
        if (options.timestampColumn() != null) {
            Integer i = index.get(options.timestampColumn());
            if (i == null) {
                throw new CsvFormatException(1, 1, "timestamp column \"" + options.timestampColumn() + "\" is not in the header "
                        + Arrays.toString(names));
            }
            if (ts >= 0 && ts != i) {
                throw new CsvFormatException(1, cols[ts], "column \"" + names[ts] + "\" is annotated :timestamp but the"
                        + " timestamp column is \"" + options.timestampColumn() + "\"");
            }
            if (types[i] != CsvColumnType.INFERRED && types[i] != CsvColumnType.TIMESTAMP) {
                throw new CsvFormatException(1, cols[i], "timestamp column \"" + names[i] + "\" is annotated :"
                        + types[i].annotation());
            }
            ts = i;
        } else if (ts < 0) {
            for (String candidate : new String[] {"timestamp", "time"}) {
                Integer i = index.get(candidate);
                if (i != null && types[i] == CsvColumnType.INFERRED) {
                    ts = i;
                    break;
                }
            }
        }
        if (ts >= 0) {
            types[ts] = CsvColumnType.TIMESTAMP;
        }
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (types[i] == CsvColumnType.TAG) {
                tags.add(i);
            }
        }
        tags.sort((a, b) -> Arrays.compareUnsigned(names[a].getBytes(StandardCharsets.UTF_8),
                names[b].getBytes(StandardCharsets.UTF_8)));
        return new CsvHeader(names, types, ts, tags.stream().mapToInt(Integer::intValue).toArray());
    }
}
