package dev.sundial.sql.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at each {@code ;} that is not inside a string ({@code '…'} with
 * {@code ''} for a quote, {@code E'…'} also with backslash escapes), a quoted name ({@code "…"}), a
 * line comment ({@code -- …}) or a block comment ({@code /* … *}{@code /}, nested as in
 * PostgreSQL). The CLI (and the pgwire simple query, which may carry several statements) splits by itself rather than through the SQL parser because the shell must
 * know whether typed text is a complete statement before it is valid SQL, and because each
 * statement is then run (and its errors positioned) on its own, as psql does.
 *
 * <p>Stateless and thread-safe.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    /**
     * Complete statements (without their {@code ;}, trimmed; statements of only whitespace and
     * comments dropped), and the text after the last {@code ;}: empty when it holds only whitespace
     * and closed comments, else as typed (an unfinished statement, possibly inside an open string or
     * comment).
     */
    public record Split(List<String> statements, String rest) {
        public boolean complete() {
            return rest.isEmpty();
        }
    }

    public static Split split(String text) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        boolean significant = false; // the current statement has something besides whitespace and comments
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ';') {
                if (significant) {
                    statements.add(text.substring(start, i).strip());
                }
                significant = false;
                start = ++i;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                i = endOfLineComment(text, i + 2);
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = endOfBlockComment(text, i + 2);
                if (end < 0) {
                    return new Split(statements, text.substring(start));
                }
                i = end;
            } else if (c == '\'' || c == '"') {
                boolean backslashes = c == '\'' && i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                        && (i == 1 || !isIdentifierPart(text.charAt(i - 2)));
                int end = endOfQuoted(text, i + 1, c, backslashes);
                significant = true;
                if (end < 0) {
                    return new Split(statements, text.substring(start));
                }
                i = end;
            } else {
                if (!Character.isWhitespace(c)) {
                    significant = true;
                }
                i++;
            }
        }
        return new Split(statements, significant ? text.substring(start) : "");
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int endOfLineComment(String text, int i) {
        int nl = text.indexOf('\n', i);
        return nl < 0 ? text.length() : nl + 1;
    }

    /** Index after the closing delimiter, or -1 when the comment is still open at the end. */
    private static int endOfBlockComment(String text, int i) {
        int depth = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < n && text.charAt(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Index after the closing quote, or -1 when the string is still open at the end. */
    private static int endOfQuoted(String text, int i, char quote, boolean backslashes) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && text.charAt(i + 1) == quote) {
                    i += 2; // doubled quote stands for one
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }
}
