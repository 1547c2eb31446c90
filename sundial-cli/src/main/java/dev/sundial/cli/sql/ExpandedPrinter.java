package dev.sundial.cli.sql;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import dev.sundial.sql.output.ResultPrinter;
import dev.sundial.sql.output.ValueText;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * psql's expanded display ({@code \x}): each row as a block headed {@code -[ RECORD n ]}, one line
 * per column ({@code name | value}, names padded to the longest). NULL shows as nothing; an empty
 * result as {@code (0 rows)}; like psql there is no row-count footer otherwise. The width of the
 * record header's rule comes from the first {@code sampleRows} rows, held back until the sample is
 * complete, as in {@link AlignedPrinter}; values are never truncated. Stateless and thread-safe.
 */
public final class ExpandedPrinter implements ResultPrinter {
    private final int sampleRows;

    public ExpandedPrinter(int sampleRows) {
        if (sampleRows < 1) {
            throw new IllegalArgumentException("cannot sample " + sampleRows + " rows for column widths: need at least 1");
        }
        this.sampleRows = sampleRows;
    }

    @Override
    public long print(QueryResult r, Writer out) throws IOException {
        if (ResultPrinter.writeStatusIfNoRows(r, out)) {
            return 0;
        }
        List<ResultColumn> columns = r.columns();
        int n = columns.size();
        SqlType[] types = new SqlType[n];
        String[] names = new String[n];
        int nameWidth = 0;
        for (int c = 0; c < n; c++) {
            types[c] = columns.get(c).type();
            names[c] = Display.escape(columns.get(c).name());
            nameWidth = Math.max(nameWidth, Display.width(names[c]));
        }
        List<String[]> sample = new ArrayList<>();
        int valueWidth = 0;
        while (sample.size() < sampleRows && r.next()) {
            String[] row = render(r, types);
            for (String v : row) {
                valueWidth = Math.max(valueWidth, Display.width(v));
            }
            sample.add(row);
        }
        StringBuilder b = new StringBuilder(256);
        long rows = 0;
        for (String[] row : sample) {
            writeRecord(out, b, ++rows, names, row, nameWidth, valueWidth);
        }
        if (sample.size() == sampleRows) {
            sample = null;
            while (r.next()) {
                writeRecord(out, b, ++rows, names, render(r, types), nameWidth, valueWidth);
            }
        }
        if (rows == 0) {
            out.write("(0 rows)\n");
        }
        return rows;
    }

    private static String[] render(QueryResult r, SqlType[] types) {
        String[] row = new String[types.length];
        for (int c = 0; c < types.length; c++) {
            String v = ValueText.of(r, c, types[c]);
            row[c] = v == null ? "" : Display.escape(v);
        }
        return row;
    }

    private static void writeRecord(Writer out, StringBuilder b, long number, String[] names, String[] row, int nameWidth,
                                    int valueWidth) throws IOException {
        b.setLength(0);
        // psql: the rule runs under the names, then '+' where the column separator sits, then under the values
        b.append("-[ RECORD ").append(number).append(" ]");
        if (b.length() < nameWidth + 1) {
            b.append("-".repeat(nameWidth + 1 - b.length())).append('+').append("-".repeat(valueWidth + 1));
        } else {
            b.append("-".repeat(Math.max(0, nameWidth + 2 + valueWidth + 1 - b.length())));
        }
        b.append('\n');
        for (int c = 0; c < names.length; c++) {
            b.append(names[c]);
            Display.pad(b, nameWidth - Display.width(names[c]));
            b.append(" |");
            if (!row[c].isEmpty()) {
                b.append(' ').append(row[c]);
            }
            b.append('\n');
        }
        out.append(b);
    }
}
