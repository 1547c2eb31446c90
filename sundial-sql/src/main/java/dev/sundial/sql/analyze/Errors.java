package dev.sundial.sql.analyze;

import dev.sundial.QueryException;
import dev.sundial.sql.parser.Pos;

/** Builds user-facing {@link QueryException}s that point at a spot in the statement. Stateless. */
public final class Errors {
    private Errors() {
    }

    public static QueryException at(String sql, Pos pos, String message) {
        if (pos == null || pos.line() <= 0) {
            return new QueryException(message, sql, 0, 0, 0, null);
        }
        return new QueryException(message + " (line " + pos.line() + ", column " + pos.column() + ")", sql, pos.offset(),
                pos.line(), pos.column(), null);
    }

    public static QueryException at(String sql, Pos pos, QueryException e) {
        if (e.line() > 0 || pos == null || pos.line() <= 0) {
            return e;
        }
        return new QueryException(e.getMessage() + " (line " + pos.line() + ", column " + pos.column() + ")", sql,
                pos.offset(), pos.line(), pos.column(), e);
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
     * adjacent characters cost 1 each; the swap is the commonest typo ("hots" is one edit from
     * "host", not two, so it wins over "ts").
     */
    static int editDistance(String a, String b) {
        int[] prev2 = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
                }
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
