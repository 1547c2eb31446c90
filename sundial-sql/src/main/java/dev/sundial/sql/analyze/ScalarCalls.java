package dev.sundial.sql.analyze;

import dev.sundial.QueryException;
import dev.sundial.SqlType;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.function.DateCast;
import dev.sundial.sql.function.DateTimeTemplate;
import dev.sundial.sql.function.NumberTemplate;
import dev.sundial.sql.function.RowFunctionEval;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.sql.function.TextFunctions;
import dev.sundial.sql.function.TextEval;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.Pos;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Types and builds the scalar functions of issue 11 (text, formatting and numeric functions
 * PostgreSQL users expect) and {@code IS [NOT] DISTINCT FROM}, over arguments the
 * {@link ExprAnalyzer} has already analyzed: one place for their signatures, so that ExprAnalyzer
 * only dispatches here. Each follows PostgreSQL's definition and NULL handling (NULL in, NULL out,
 * except {@code nullif}, {@code concat_ws} and {@code IS DISTINCT FROM}); where a template or
 * pattern is a constant it is compiled (and checked) here, once.
 *
 * <p>One instance per {@link ExprAnalyzer}; not thread-safe (the Evals it builds are).
 */
final class ScalarCalls {
    /** Functions handled here whatever their arity. */
    static final Set<String> NAMES = Set.of("substring", "substr", "strpos", "replace", "split_part", "left", "right",
            "lpad", "rpad", "btrim", "ltrim", "rtrim", "trim", "initcap", "reverse", "repeat", "starts_with", "concat_ws",
            "like_escape", "char_length", "character_length", "nullif", "mod", "div", "width_bucket", "to_char", "to_date",
            "cbrt", "pi");

    private final ExprAnalyzer analyzer;

    ScalarCalls(ExprAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    private String sql() {
        return analyzer.sql();
    }

    /** True when {@code name} with {@code arity} arguments is built here (trunc(x, n), log(b, x), to_timestamp(t, f) too). */
    static boolean handles(String name, int arity) {
        return NAMES.contains(name) || (arity == 2 && (name.equals("trunc") || name.equals("log") || name.equals("to_timestamp")));
    }

    Eval build(Expr.Call c, List<Eval> args) {
        String name = c.name();
        List<Pos> at = new ArrayList<>();
        for (Expr e : c.args()) {
            at.add(e.pos());
        }
        if (c.distinct() || c.star()) {
            throw Errors.at(sql(), c.pos(), name + "() is not an aggregate: DISTINCT and * are not allowed in it");
        }
        switch (name) {
            case "substring", "substr": {
                arity(c, 2, 3);
                Eval s = text(args.get(0), at.get(0));
                if (args.size() == 2 && args.get(1).type == SqlType.VARCHAR) {
                    Pattern p = regex(args.get(1), at.get(1));
                    return row(name, List.of(s, args.get(1)), SqlType.VARCHAR, true,
                            a -> TextFunctions.substringRegex((String) a[0], p != null ? p : compile((String) a[1])));
                }
                List<Eval> es = new ArrayList<>(List.of(s, integer(args.get(1), at.get(1))));
                if (args.size() == 3) {
                    es.add(integer(args.get(2), at.get(2)));
                }
                return row(name, es, SqlType.VARCHAR, true,
                        a -> TextFunctions.substring((String) a[0], (Long) a[1], a.length > 2 ? (Long) a[2] : null));
            }
            case "strpos":
                arity(c, 2, 2);
                return row(name, texts(args, at), SqlType.BIGINT, true, a -> TextFunctions.strpos((String) a[0], (String) a[1]));
            case "replace":
                arity(c, 3, 3);
                return row(name, texts(args, at), SqlType.VARCHAR, true,
                        a -> TextFunctions.replace((String) a[0], (String) a[1], (String) a[2]));
            case "split_part":
                arity(c, 3, 3);
                return row(name, List.of(text(args.get(0), at.get(0)), text(args.get(1), at.get(1)), integer(args.get(2), at.get(2))),
                        SqlType.VARCHAR, true, a -> TextFunctions.splitPart((String) a[0], (String) a[1], (Long) a[2]));
            case "left", "right": {
                arity(c, 2, 2);
                boolean left = name.equals("left");
                return row(name, List.of(text(args.get(0), at.get(0)), integer(args.get(1), at.get(1))), SqlType.VARCHAR, true,
                        a -> left ? TextFunctions.left((String) a[0], (Long) a[1]) : TextFunctions.right((String) a[0], (Long) a[1]));
            }
            case "lpad", "rpad": {
                arity(c, 2, 3);
                boolean left = name.equals("lpad");
                List<Eval> es = new ArrayList<>(List.of(text(args.get(0), at.get(0)), integer(args.get(1), at.get(1))));
                if (args.size() == 3) {
                    es.add(text(args.get(2), at.get(2)));
                }
                return row(name, es, SqlType.VARCHAR, true,
                        a -> TextFunctions.pad((String) a[0], (Long) a[1], a.length > 2 ? (String) a[2] : " ", left));
            }
            case "btrim", "ltrim", "rtrim", "trim": {
                arity(c, 1, 2);
                boolean leading = !name.equals("rtrim");
                boolean trailing = !name.equals("ltrim");
                return row(name, texts(args, at), SqlType.VARCHAR, true,
                        a -> TextFunctions.trim((String) a[0], a.length > 1 ? (String) a[1] : " ", leading, trailing));
            }
            case "initcap":
                arity(c, 1, 1);
                return row(name, texts(args, at), SqlType.VARCHAR, true, a -> TextFunctions.initcap((String) a[0]));
            case "reverse":
                arity(c, 1, 1);
                return row(name, texts(args, at), SqlType.VARCHAR, true, a -> TextFunctions.reverse((String) a[0]));
            case "repeat":
                arity(c, 2, 2);
                return row(name, List.of(text(args.get(0), at.get(0)), integer(args.get(1), at.get(1))), SqlType.VARCHAR, true,
                        a -> TextFunctions.repeat((String) a[0], (Long) a[1]));
            case "starts_with":
                arity(c, 2, 2);
                return row(name, texts(args, at), SqlType.BOOLEAN, true, a -> ((String) a[0]).startsWith((String) a[1]));
            case "like_escape":
                arity(c, 2, 2);
                return row(name, texts(args, at), SqlType.VARCHAR, true, a -> TextFunctions.likeEscape((String) a[0], (String) a[1]));
            case "char_length", "character_length":
                arity(c, 1, 1);
                return new TextEval("length", text(args.get(0), at.get(0)));
            case "concat_ws": {
                arity(c, 2, 1000);
                List<Eval> es = new ArrayList<>();
                es.add(text(args.get(0), at.get(0)));
                for (int k = 1; k < args.size(); k++) {
                    es.add(analyzer.toText(args.get(k)));
                }
                return row(name, es, SqlType.VARCHAR, false, a -> {
                    if (a[0] == null) {
                        return null;
                    }
                    StringBuilder b = new StringBuilder();
                    boolean first = true;
                    for (int k = 1; k < a.length; k++) {
                        if (a[k] != null) {
                            b.append(first ? "" : (String) a[0]).append((String) a[k]);
                            first = false;
                        }
                    }
                    return b.toString();
                });
            }
            case "nullif": {
                arity(c, 2, 2);
                SqlType t = analyzer.commonType(args, c.pos(), "compare");
                Eval x = analyzer.coerce(args.get(0), t, at.get(0));
                Eval y = analyzer.coerce(args.get(1), t, at.get(1));
                return row(name, List.of(x, y), t, false, a -> a[0] != null && a[1] != null && equal(t, a[0], a[1]) ? null : a[0]);
            }
            case "mod", "div": {
                arity(c, 2, 2);
                SqlType t = numericType(args, at, name);
                Eval x = analyzer.coerce(args.get(0), t, at.get(0));
                Eval y = analyzer.coerce(args.get(1), t, at.get(1));
                boolean mod = name.equals("mod");
                return row(name, List.of(x, y), t, true, a -> t == SqlType.BIGINT ? longDivision((Long) a[0], (Long) a[1], mod)
                        : doubleDivision((Double) a[0], (Double) a[1], mod));
            }
            case "trunc": {
                Eval x = analyzer.coerce(numeric(args.get(0), at.get(0), name), SqlType.DOUBLE, at.get(0));
                return row(name, List.of(x, integer(args.get(1), at.get(1))), SqlType.DOUBLE, true,
                        a -> scale((Double) a[0], (Long) a[1], RoundingMode.DOWN));
            }
            case "log": {
                Eval b = analyzer.coerce(numeric(args.get(0), at.get(0), name), SqlType.DOUBLE, at.get(0));
                Eval x = analyzer.coerce(numeric(args.get(1), at.get(1), name), SqlType.DOUBLE, at.get(1));
                return row(name, List.of(b, x), SqlType.DOUBLE, true, a -> log((Double) a[0], (Double) a[1]));
            }
            case "cbrt": {
                arity(c, 1, 1);
                Eval x = analyzer.coerce(numeric(args.get(0), at.get(0), name), SqlType.DOUBLE, at.get(0));
                return row(name, List.of(x), SqlType.DOUBLE, true, a -> Math.cbrt((Double) a[0]));
            }
            case "pi":
                arity(c, 0, 0);
                return new ConstEval(SqlType.DOUBLE, Math.PI);
            case "width_bucket": {
                arity(c, 4, 4);
                List<Eval> es = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    es.add(analyzer.coerce(numeric(args.get(k), at.get(k), name), SqlType.DOUBLE, at.get(k)));
                }
                es.add(integer(args.get(3), at.get(3)));
                return row(name, es, SqlType.BIGINT, true, a -> widthBucket((Double) a[0], (Double) a[1], (Double) a[2], (Long) a[3]));
            }
            case "to_char":
                arity(c, 2, 2);
                return toChar(c, args, at);
            case "to_timestamp", "to_date": {
                arity(c, 2, 2);
                Eval s = text(args.get(0), at.get(0));
                Eval f = text(args.get(1), at.get(1));
                DateTimeTemplate fixed = f instanceof ConstEval k && k.value != null ? DateTimeTemplate.compile((String) k.value) : null;
                boolean date = name.equals("to_date");
                java.time.ZoneId zone = analyzer.zone();
                return row(name, List.of(s, f), SqlType.TIMESTAMP, true, a -> {
                    long t = (fixed != null ? fixed : DateTimeTemplate.compile((String) a[1])).parse((String) a[0], zone);
                    return date ? DateCast.truncate(t, analyzer.zone()) : t;
                });
            }
            default:
                throw new IllegalStateException("BUG: ScalarCalls asked for " + name);
        }
    }

    /**
     * The casts with a meaning of their own, or null for the others: {@code NUMERIC(p, s)} is a
     * DOUBLE rounded half away from zero to s decimals (a value of p - s or more integer digits is
     * PostgreSQL's "numeric field overflow"), {@code DATE} the TIMESTAMP of the day's midnight
     * ({@link DateCast}), {@code TIME} an error (there is no time-of-day type).
     */
    Eval cast(Eval value, String type, Pos pos) {
        if (type.startsWith("NUMERIC(")) {
            String[] ps = type.substring(8, type.length() - 1).split(",");
            int precision = Integer.parseInt(ps[0]);
            int scale = Integer.parseInt(ps[1]);
            Eval d = analyzer.coerceExplicit(value, SqlType.DOUBLE, pos);
            double limit = Math.pow(10, precision - scale);
            String name = "numeric_" + precision + "_" + scale;
            return row(name, List.of(d), SqlType.DOUBLE, true, a -> {
                double r = scale((Double) a[0], scale, RoundingMode.HALF_UP);
                if (Math.abs(r) >= limit) {
                    throw new QueryException("numeric field overflow: a NUMERIC(" + precision + ", " + scale
                            + ") must be less than 10^" + (precision - scale) + " in absolute value, got " + a[0]);
                }
                return r;
            });
        }
        return switch (type) {
            case "DATE" -> DateCast.of(analyzer.coerceExplicit(value, SqlType.TIMESTAMP, pos), analyzer.zone());
            case "TIME", "TIMETZ" -> throw Errors.at(sql(), pos, "cannot cast to TIME: Sundial has no time-of-day type"
                    + " (use to_char(ts, 'HH24:MI:SS') for the text, or extract(hour FROM ts))");
            default -> null;
        };
    }

    /** {@code l IS [NOT] DISTINCT FROM r}: equality where NULL equals NULL; never NULL. */
    Eval distinctFrom(Eval l, Eval r, boolean negated, Pos pos) {
        SqlType t = analyzer.commonType(List.of(l, r), pos, "compare");
        Eval x = analyzer.coerce(l, t, pos);
        Eval y = analyzer.coerce(r, t, pos);
        String name = negated ? "is_not_distinct_from" : "is_distinct_from";
        return row(name, List.of(x, y), SqlType.BOOLEAN, false, a -> {
            boolean same = a[0] == null || a[1] == null ? a[0] == a[1] : equal(t, a[0], a[1]);
            return same == negated;
        });
    }

    private Eval toChar(Expr.Call c, List<Eval> args, List<Pos> at) {
        Eval x = args.get(0);
        Eval f = text(args.get(1), at.get(1));
        if (x.type == SqlType.VARCHAR && x instanceof ConstEval) {
            x = analyzer.coerce(x, SqlType.TIMESTAMP, at.get(0));
        }
        String fixedText = f instanceof ConstEval k && k.value != null ? (String) k.value : null;
        switch (x.type) {
            case TIMESTAMP -> {
                DateTimeTemplate fixed = fixedText == null ? null : DateTimeTemplate.compile(fixedText);
                java.time.ZoneId zone = analyzer.zone();
                return row("to_char", List.of(x, f), SqlType.VARCHAR, true,
                        a -> (fixed != null ? fixed : DateTimeTemplate.compile((String) a[1])).format((Long) a[0], zone));
            }
            case BIGINT, DOUBLE -> {
                NumberTemplate fixed;
                try {
                    fixed = fixedText == null ? null : NumberTemplate.compile(fixedText);
                } catch (QueryException q) {
                    throw Errors.at(sql(), at.get(1), q.getMessage());
                }
                Eval d = analyzer.coerce(x, SqlType.DOUBLE, at.get(0));
                return row("to_char", List.of(d, f), SqlType.VARCHAR, true,
                        a -> (fixed != null ? fixed : NumberTemplate.compile((String) a[1])).format((Double) a[0]));
            }
            default -> throw Errors.at(sql(), at.get(0), "cannot apply to_char() to " + x.type.sqlName() + " " + x.describe()
                    + ": expected a TIMESTAMP or a number");
        }
    }

    // ------------------------------------------------------------------ evaluation helpers

    private static Eval row(String name, List<Eval> args, SqlType type, boolean strict, RowFunctionEval.Body body) {
        return new RowFunctionEval(name, args, type, strict, body);
    }

    private static boolean equal(SqlType t, Object a, Object b) {
        return t == SqlType.DOUBLE ? SqlValues.compareDoubles((Double) a, (Double) b) == 0 : a.equals(b);
    }

    private static Object longDivision(long x, long y, boolean mod) {
        if (y == 0) {
            throw new QueryException("division by zero");
        }
        if (mod) {
            return x % y;
        }
        if (x == Long.MIN_VALUE && y == -1) {
            throw new QueryException("bigint out of range");
        }
        return x / y;
    }

    private static Object doubleDivision(double x, double y, boolean mod) {
        if (y == 0) {
            throw new QueryException("division by zero");
        }
        if (mod) {
            return x % y; // the remainder with the sign of x, as PostgreSQL's numeric mod
        }
        double q = x / y;
        return q < 0 ? Math.ceil(q) : Math.floor(q);
    }

    /** {@code trunc(x, digits)}: x cut (toward zero) to {@code digits} decimals; negative digits cut before the point. */
    static double scale(double x, long digits, RoundingMode mode) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        int d = (int) Math.max(-400, Math.min(400, digits));
        return new BigDecimal(Double.toString(x)).setScale(d, mode).doubleValue();
    }

    private static double log(double base, double x) {
        if (base <= 0 || x <= 0) {
            throw new QueryException("cannot take logarithm of " + (base == 0 || x == 0 ? "zero" : "a negative number"));
        }
        if (base == 1) {
            throw new QueryException("division by zero (log base 1)");
        }
        return Math.log(x) / Math.log(base);
    }

    /** PostgreSQL's {@code width_bucket(x, low, high, count)} for float8. */
    private static long widthBucket(double x, double low, double high, long count) {
        if (count <= 0 || count >= Integer.MAX_VALUE) {
            throw new QueryException("count must be greater than zero and less than 2147483647");
        }
        if (Double.isNaN(x) || Double.isNaN(low) || Double.isNaN(high)) {
            throw new QueryException("operand, lower bound, and upper bound cannot be NaN");
        }
        if (Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new QueryException("lower and upper bounds must be finite");
        }
        if (low == high) {
            throw new QueryException("lower bound cannot equal upper bound");
        }
        if (low < high) {
            if (x < low) {
                return 0;
            }
            if (x >= high) {
                return count + 1;
            }
            return Math.min(count, (long) ((x - low) / (high - low) * count) + 1);
        }
        if (x > low) {
            return 0;
        }
        if (x <= high) {
            return count + 1;
        }
        return Math.min(count, (long) ((low - x) / (low - high) * count) + 1);
    }

    // ------------------------------------------------------------------ typing helpers

    private void arity(Expr.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            throw Errors.at(sql(), c.pos(), "function " + c.name() + "() takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    private List<Eval> texts(List<Eval> args, List<Pos> at) {
        List<Eval> out = new ArrayList<>(args.size());
        for (int k = 0; k < args.size(); k++) {
            out.add(text(args.get(k), at.get(k)));
        }
        return out;
    }

    /** A text argument: VARCHAR, or NULL (an untyped NULL literal is a NULL text). */
    private Eval text(Eval e, Pos pos) {
        if (e.type == SqlType.VARCHAR) {
            return e;
        }
        if (e instanceof ConstEval k && k.value == null) {
            return new ConstEval(SqlType.VARCHAR, null);
        }
        throw Errors.at(sql(), pos, "expected VARCHAR but " + e.describe() + " is " + e.type.sqlName()
                + " (cast it with ::text)");
    }

    /** An integer argument: BIGINT, or a constant that converts (a text constant, a whole DOUBLE). */
    private Eval integer(Eval e, Pos pos) {
        if (e.type == SqlType.BIGINT) {
            return e;
        }
        if (e instanceof ConstEval) {
            return analyzer.coerce(e, SqlType.BIGINT, pos);
        }
        throw Errors.at(sql(), pos, "expected BIGINT but " + e.describe() + " is " + e.type.sqlName());
    }

    private Eval numeric(Eval e, Pos pos, String fn) {
        if (e.type == SqlType.BIGINT || e.type == SqlType.DOUBLE) {
            return e;
        }
        if (e instanceof ConstEval k && (k.value == null || k.type == SqlType.VARCHAR)) {
            return analyzer.coerce(e, SqlType.DOUBLE, pos);
        }
        throw Errors.at(sql(), pos, "cannot apply " + fn + "() to " + e.type.sqlName() + " " + e.describe());
    }

    private SqlType numericType(List<Eval> args, List<Pos> at, String fn) {
        boolean dbl = false;
        for (int k = 0; k < args.size(); k++) {
            Eval n = numeric(args.get(k), at.get(k), fn);
            dbl |= n.type == SqlType.DOUBLE || (args.get(k).type == SqlType.VARCHAR);
        }
        return dbl ? SqlType.DOUBLE : SqlType.BIGINT;
    }

    private Pattern regex(Eval e, Pos pos) {
        if (e instanceof ConstEval k && k.value != null) {
            try {
                return compile((String) k.value);
            } catch (QueryException q) {
                throw Errors.at(sql(), pos, q.getMessage());
            }
        }
        return null;
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new QueryException("cannot compile regular expression '" + regex + "': " + e.getDescription());
        }
    }
}
