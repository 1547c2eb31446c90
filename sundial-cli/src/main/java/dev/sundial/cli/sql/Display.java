package dev.sundial.cli.sql;

import org.jline.utils.WCWidth;

/**
 * Text as the aligned and expanded formats show it on a terminal: control characters escaped
 * ({@code \n}, {@code \r}, {@code \t}, others as {@code \u001b}) so that a row stays on one line,
 * and the width in terminal columns (East Asian wide characters take two, combining marks none) so
 * that columns line up. CSV and JSON carry values unchanged. Stateless and thread-safe.
 */
final class Display {
    private Display() {
    }

    static String escape(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !Character.isISOControl(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 8).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Terminal columns taken by {@code s}, which holds no control characters (see {@link #escape}). */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return w;
    }

    static void pad(StringBuilder b, int count) {
        for (int i = 0; i < count; i++) {
            b.append(' ');
        }
    }
}
