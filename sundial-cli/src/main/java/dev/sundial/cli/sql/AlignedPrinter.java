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
 * psql's aligned format: a centered header, a separator line, one line per row with numbers
 * right-aligned and other values left-aligned, then {@code (N rows)}. NULL is shown as an empty
 * cell (psql's default). Values are never truncated.
 *
 * <p>Column widths come from the header and the first {@code sampleRows} rows, which are held back
 * until the sample is complete (or the result ends); later rows are written as they arrive with
 * those widths, so a wider value further down pushes the rest of its own line right instead of
 * being cut. Memory therefore stays bounded by the sample whatever the size of the result.
 *
 * <p>Stateless and thread-safe.
 */
public final class AlignedPrinter implements ResultPrinter {
    /** Rows sampled for column widths by {@code sundial sql} and the shell. */
    public static final int WIDTH_SAMPLE_ROWS = 1000;

    private final int sampleRows;

    public AlignedPrinter(int sampleRows) {
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
        boolean[] right = new boolean[n];
        String[] names = new String[n];
        int[] widths = new int[n];
        for (int c = 0; c < n; c++) {
            types[c] = columns.get(c).type();
            right[c] = types[c] == SqlType.BIGINT || types[c] == SqlType.DOUBLE;
            names[c] = Display.escape(columns.get(c).name());
            widths[c] = Display.width(names[c]);
        }
        List<String[]> sample = new ArrayList<>();
        while (sample.size() < sampleRows && r.next()) {
            String[] row = render(r, types);
            for (int c = 0; c < n; c++) {
                widths[c] = Math.max(widths[c], Display.width(row[c]));
            }
            sample.add(row);
        }
        StringBuilder line = new StringBuilder(256);
        header(line, names, widths);
        out.append(line);
        long rows = 0;
        for (String[] row : sample) {
            writeRow(out, line, row, widths, right);
            rows++;
        }
        if (sample.size() == sampleRows) {
            sample = null; // let the sample go while the rest streams
            while (r.next()) {
                writeRow(out, line, render(r, types), widths, right);
                rows++;
            }
        }
        out.write(rows == 1 ? "(1 row)\n" : "(" + rows + " rows)\n");
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

    private static void header(StringBuilder line, String[] names, int[] widths) {
        line.setLength(0);
        int last = names.length - 1;
        for (int c = 0; c <= last; c++) {
            int space = widths[c] - Display.width(names[c]);
            line.append(c == 0 ? " " : " | ");
            Display.pad(line, space / 2);
            line.append(names[c]);
            if (c < last) {
                Display.pad(line, space - space / 2);
            }
        }
        line.append('\n');
        for (int c = 0; c <= last; c++) {
            if (c > 0) {
                line.append('+');
            }
            line.append("-".repeat(widths[c] + 2));
        }
        line.append('\n');
    }

    private static void writeRow(Writer out, StringBuilder line, String[] row, int[] widths, boolean[] right) throws IOException {
        line.setLength(0);
        int last = row.length - 1;
        for (int c = 0; c <= last; c++) {
            int space = Math.max(0, widths[c] - Display.width(row[c]));
            line.append(c == 0 ? " " : " | ");
            if (right[c]) {
                if (c < last || !row[c].isEmpty()) { // no trailing blanks for an empty last cell
                    Display.pad(line, space);
                }
                line.append(row[c]);
            } else {
                line.append(row[c]);
                if (c < last) {
                    Display.pad(line, space);
                }
            }
        }
        line.append('\n');
        out.append(line);
    }
}
