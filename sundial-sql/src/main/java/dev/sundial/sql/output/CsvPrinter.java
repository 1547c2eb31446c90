package dev.sundial.sql.output;

import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.SqlType;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV with RFC 4180 quoting: a header line of column names, then one line per row, streamed. A
 * field is quoted when it holds a comma, a double quote, CR or LF (quotes doubled inside). NULL is
 * an empty field and the empty string a quoted empty field ({@code ""}), so the two stay apart (as
 * in PostgreSQL's {@code COPY … CSV}). Lines end with LF, as {@code psql --csv} and {@code sundial
 * export} write them (RFC 4180 says CRLF; CSV readers accept both). Values are written as {@link
 * ValueText} renders them. A statement without rows writes its status line. Stateless and
 * thread-safe.
 */
public final class CsvPrinter implements ResultPrinter {
    @Override
    public long print(QueryResult r, Writer out) throws IOException {
        if (ResultPrinter.writeStatusIfNoRows(r, out)) {
            return 0;
        }
        List<ResultColumn> columns = r.columns();
        int n = columns.size();
        SqlType[] types = new SqlType[n];
        StringBuilder line = new StringBuilder(256);
        for (int c = 0; c < n; c++) {
            types[c] = columns.get(c).type();
            if (c > 0) {
                line.append(',');
            }
            field(line, columns.get(c).name());
        }
        line.append('\n');
        out.append(line);
        long rows = 0;
        while (r.next()) {
            line.setLength(0);
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    line.append(',');
                }
                String v = ValueText.of(r, c, types[c]);
                if (v != null) {
                    field(line, v);
                }
            }
            line.append('\n');
            out.append(line);
            rows++;
        }
        return rows;
    }

    private static void field(StringBuilder line, String v) {
        boolean quote = v.isEmpty();
        for (int i = 0; i < v.length() && !quote; i++) {
            char ch = v.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        if (!quote) {
            line.append(v);
            return;
        }
        line.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"') {
                line.append('"');
            }
            line.append(ch);
        }
        line.append('"');
    }
}
