package dev.sundial.sql.function;

import dev.sundial.QueryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's string functions on Java strings, counting characters as PostgreSQL does (Unicode
 * code points, so a character outside the BMP is one, not two UTF-16 units). Arguments are never
 * null (the functions are strict; {@link RowFunctionEval} handles NULL). Results longer than
 * {@link #MAX_LENGTH} characters are refused rather than risking the heap. Stateless.
 */
public final class TextFunctions {
    /** Longest text {@code repeat}, {@code lpad} and {@code rpad} build: 1 Mi characters. */
    public static final long MAX_LENGTH = 1 << 20;

    private TextFunctions() {
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The UTF-16 index of code point {@code cp} (0-based), clamped to [0, length]. */
    private static int index(String s, long cp) {
        if (cp <= 0) {
            return 0;
        }
        int units = s.length();
        if (cp >= units) {
            return units; // no string has more code points than units
        }
        try {
            return s.offsetByCodePoints(0, (int) cp);
        } catch (IndexOutOfBoundsException e) {
            return units;
        }
    }

    /** {@code substring(s, start[, count])}: characters start … start+count-1 (1-based) that exist. */
    public static String substring(String s, long start, Long count) {
        if (count == null) {
            return s.substring(index(s, Math.max(start, 1) - 1));
        }
        if (count < 0) {
            throw new QueryException("negative substring length not allowed");
        }
        long end = start > Long.MAX_VALUE - count ? Long.MAX_VALUE : start + count; // exclusive, 1-based
        long from = Math.max(start, 1);
        if (end <= from) {
            return "";
        }
        int a = index(s, from - 1);
        int b = index(s, end - 1);
        return s.substring(a, Math.max(a, b));
    }

    /**
     * {@code substring(s FROM pattern)}: the part of {@code s} the regular expression (Java syntax,
     * as for {@code ~}) matches first, or its first parenthesized group when it has one; NULL when
     * nothing matches.
     */
    public static String substringRegex(String s, Pattern p) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return null;
        }
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    /** {@code strpos(s, sub)}: the 1-based character position of the first {@code sub}, 0 when absent. */
    public static long strpos(String s, String sub) {
        int i = s.indexOf(sub);
        return i < 0 ? 0 : s.codePointCount(0, i) + 1;
    }

    /** {@code replace(s, from, to)}: every {@code from} replaced; an empty {@code from} changes nothing. */
    public static String replace(String s, String from, String to) {
        if (from.isEmpty()) {
            return s;
        }
        long grown = (long) s.length() + (long) (to.length() - from.length()) * (s.length() / from.length());
        checkLength(grown, "replace");
        return s.replace(from, to);
    }

    /**
     * {@code split_part(s, delimiter, n)}: the n-th field (1-based; negative counts from the end, as
     * PostgreSQL 14+), '' when there is no such field; n = 0 is an error. An empty delimiter makes
     * the whole string one field.
     */
    public static String splitPart(String s, String delimiter, long n) {
        if (n == 0) {
            throw new QueryException("field position must not be zero");
        }
        if (s.isEmpty()) {
            return "";
        }
        if (delimiter.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        int from = 0;
        while (true) {
            int at = s.indexOf(delimiter, from);
            if (at < 0) {
                fields.add(s.substring(from));
                break;
            }
            fields.add(s.substring(from, at));
            from = at + delimiter.length();
        }
        long k = n > 0 ? n - 1 : fields.size() + n;
        return k >= 0 && k < fields.size() ? fields.get((int) k) : "";
    }

    /** {@code left(s, n)}: the first n characters; negative n: all but the last |n|. */
    public static String left(String s, long n) {
        int len = length(s);
        long keep = n >= 0 ? Math.min(n, len) : Math.max(0, len + n);
        return s.substring(0, index(s, keep));
    }

    /** {@code right(s, n)}: the last n characters; negative n: all but the first |n|. */
    public static String right(String s, long n) {
        int len = length(s);
        long drop = n >= 0 ? Math.max(0, len - n) : n <= -len ? len : -n;
        return s.substring(index(s, drop));
    }

    /**
     * {@code lpad}/{@code rpad(s, length[, fill])}: {@code s} filled on the left/right with
     * {@code fill} (default a space) up to {@code length} characters, or cut to its first
     * {@code length}; length ≤ 0 gives ''; an empty fill only cuts.
     */
    public static String pad(String s, long length, String fill, boolean left) {
        if (length <= 0) {
            return "";
        }
        checkLength(length, left ? "lpad" : "rpad");
        int len = length(s);
        if (len >= length || fill.isEmpty()) {
            return s.substring(0, index(s, Math.min(len, length)));
        }
        int missing = (int) (length - len);
        StringBuilder p = new StringBuilder(missing);
        int[] fc = fill.codePoints().toArray();
        for (int k = 0; k < missing; k++) {
            p.appendCodePoint(fc[k % fc.length]);
        }
        return left ? p + s : s + p;
    }

    /** {@code btrim}/{@code ltrim}/{@code rtrim(s[, characters])}: characters in the set removed from the start/end. */
    public static String trim(String s, String characters, boolean leading, boolean trailing) {
        int a = 0;
        int b = s.length();
        if (leading) {
            while (a < b) {
                int cp = s.codePointAt(a);
                if (characters.indexOf(cp) < 0) {
                    break;
                }
                a += Character.charCount(cp);
            }
        }
        if (trailing) {
            while (b > a) {
                int cp = s.codePointBefore(b);
                if (characters.indexOf(cp) < 0) {
                    break;
                }
                b -= Character.charCount(cp);
            }
        }
        return s.substring(a, b);
    }

    /** {@code initcap(s)}: the first letter of each run of letters and digits upper case, the rest lower. */
    public static String initcap(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            b.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            inWord = Character.isLetterOrDigit(cp);
        }
        return b.toString();
    }

    /** {@code reverse(s)}, by characters. */
    public static String reverse(String s) {
        return new StringBuilder(s).reverse().toString(); // StringBuilder.reverse keeps surrogate pairs in order
    }

    /** {@code repeat(s, n)}: n copies; n ≤ 0 gives ''. */
    public static String repeat(String s, long n) {
        if (n <= 0 || s.isEmpty()) {
            return "";
        }
        checkLength(n > MAX_LENGTH ? n : n * length(s), "repeat");
        return s.repeat((int) n);
    }

    /**
     * {@code like_escape(pattern, escape)}: a LIKE pattern written with {@code escape} as its escape
     * character, rewritten to the default backslash escape; an empty {@code escape} turns escaping
     * off (every backslash becomes a literal one).
     */
    public static String likeEscape(String pattern, String escape) {
        if (escape.isEmpty()) {
            return pattern.replace("\\", "\\\\");
        }
        if (length(escape) != 1) {
            throw new QueryException("invalid escape string '" + escape + "': it must be empty or one character");
        }
        int esc = escape.codePointAt(0);
        StringBuilder b = new StringBuilder(pattern.length() + 4);
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == esc) {
                if (i >= pattern.length()) {
                    throw new QueryException("invalid LIKE pattern '" + pattern + "': it must not end with the escape character");
                }
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                b.append('\\').appendCodePoint(next);
            } else if (cp == '\\') {
                b.append("\\\\");
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    private static void checkLength(long length, String fn) {
        if (length > MAX_LENGTH) {
            throw new QueryException("cannot " + fn + ": the result would be " + length + " characters (limit " + MAX_LENGTH + ")");
        }
    }
}
