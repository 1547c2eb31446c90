package dev.sundial.sql.exec;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code LIKE}/{@code ILIKE} (with {@code %}, {@code _} and backslash escapes, matching the whole
 * string) and regex matches {@code ~ ~* !~ !~*} (Java regex syntax, matching anywhere in the string
 * as PostgreSQL's do). The pattern must be a constant; it is compiled once.
 */
public final class PatternMatchEval extends Eval {
    private final Eval value;
    private final String patternText;
    private final boolean negated;
    private final boolean like;
    private final Pattern pattern;

    public PatternMatchEval(Eval value, String patternText, boolean like, boolean caseInsensitive, boolean negated) {
        super(SqlType.BOOLEAN);
        this.value = value;
        this.patternText = patternText;
        this.like = like;
        this.negated = negated;
        int flags = caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        try {
            this.pattern = like ? Pattern.compile(likeToRegex(patternText), flags | Pattern.DOTALL)
                    : Pattern.compile(patternText, flags);
        } catch (PatternSyntaxException e) {
            throw new QueryException("cannot compile regular expression '" + patternText + "': " + e.getDescription());
        }
    }

    /** The equivalent Java regex of a LIKE pattern (whole-string match). */
    public static String likeToRegex(String like) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                b.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                b.append(".*");
            } else if (c == '_') {
                b.append('.');
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return b.toString();
    }

    public Pattern pattern() {
        return pattern;
    }

    public boolean isLike() {
        return like;
    }

    public boolean negated() {
        return negated;
    }

    public Eval value() {
        return value;
    }

    private boolean test(String s) {
        return like ? pattern.matcher(s).matches() : pattern.matcher(s).find();
    }

    @Override
    public Vec eval(Batch batch) {
        Vec a = value.eval(batch);
        int n = a.constant ? 1 : rows(batch);
        boolean[] out = new boolean[n];
        String last = null;
        boolean lastResult = false;
        for (int i = 0; i < n; i++) {
            if (a.isNull(i)) {
                continue;
            }
            String s = a.getString(i);
            if (s != last) {
                last = s;
                lastResult = test(s) != negated;
            }
            out[i] = lastResult;
        }
        if (a.constant) {
            return Vec.constant(SqlType.BOOLEAN, a.isNull(0) ? null : out[0]);
        }
        return Vec.ofBools(out, NullMasks.of(a, n));
    }

    @Override
    public List<Eval> children() {
        return List.of(value);
    }

    @Override
    public String describe() {
        String op = like ? (negated ? " NOT LIKE " : " LIKE ") : (negated ? " !~ " : " ~ ");
        return value.describe() + op + "'" + patternText.replace("'", "''") + "'";
    }
}
