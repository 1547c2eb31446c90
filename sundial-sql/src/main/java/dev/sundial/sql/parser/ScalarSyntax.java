package dev.sundial.sql.parser;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The AST of PostgreSQL's special call syntax for scalar functions, as ordinary calls: the analyzer
 * then treats {@code SUBSTRING(s FROM 2 FOR 3)} exactly as {@code substring(s, 2, 3)}. Each form
 * maps to the function PostgreSQL itself rewrites it to ({@code POSITION(a IN b)} is
 * {@code strpos(b, a)}, {@code TRIM(LEADING x FROM s)} is {@code ltrim(s, x)}, {@code LIKE p ESCAPE e}
 * is {@code LIKE like_escape(p, e)}). Stateless.
 */
final class ScalarSyntax {
    private ScalarSyntax() {
    }

    /**
     * {@code SUBSTRING(s FROM start FOR count)} with either part missing: {@code substring(s, start[, count])},
     * or, without a start, {@code substring(s, 1, count)} as PostgreSQL defines it.
     */
    static Expr substring(Expr value, Expr start, Expr count, Pos pos) {
        List<Expr> args = new ArrayList<>(3);
        args.add(value);
        args.add(start != null ? start : new Expr.Literal(1L, pos));
        if (count != null) {
            args.add(count);
        }
        return new Expr.Call("substring", List.copyOf(args), false, false, pos);
    }

    /** {@code POSITION(needle IN text)} is {@code strpos(text, needle)}. */
    static Expr position(Expr needle, Expr haystack, Pos pos) {
        return new Expr.Call("strpos", List.of(haystack, needle), false, false, pos);
    }

    /** {@code TRIM([LEADING | TRAILING | BOTH] [chars] FROM s)}: ltrim, rtrim or btrim of s (and chars). */
    static Expr trim(String side, Expr source, Expr characters, Pos pos) {
        String fn = side == null ? "btrim" : switch (side.toUpperCase(java.util.Locale.ROOT)) {
            case "LEADING" -> "ltrim";
            case "TRAILING" -> "rtrim";
            default -> "btrim";
        };
        return new Expr.Call(fn, characters == null ? List.of(source) : List.of(source, characters), false, false, pos);
    }

    /**
     * {@code LIKE pattern ESCAPE e}: the pattern rewritten to backslash escapes by
     * {@code like_escape(pattern, e)} (PostgreSQL's own function), so that the LIKE node, its
     * constant folding and the tag-index push-down stay those of a plain LIKE.
     */
    static Expr likePattern(Expr pattern, Expr escape, Pos escapePos) {
        if (escape == null) {
            return pattern;
        }
        return new Expr.Call("like_escape", List.of(pattern, escape), false, false, escapePos);
    }

    /**
     * NUMERIC / DECIMAL [(precision [, scale])] as the cast type name "NUMERIC" or "NUMERIC(p,s)";
     * precision 1–1000 and scale 0–precision as PostgreSQL checks them (its negative scales are not
     * supported).
     */
    static String numericType(String sql, List<TerminalNode> numbers) {
        if (numbers.isEmpty()) {
            return "NUMERIC";
        }
        TerminalNode p = numbers.get(0);
        int precision = small(p.getText());
        if (precision < 1 || precision > 1000) {
            throw SyntaxError.at(sql, p.getSymbol(), "NUMERIC precision " + p.getText() + " must be between 1 and 1000");
        }
        int scale = 0;
        if (numbers.size() > 1) {
            TerminalNode s = numbers.get(1);
            scale = small(s.getText());
            if (scale > precision) {
                throw SyntaxError.at(sql, s.getSymbol(), "NUMERIC scale " + s.getText() + " must be between 0 and precision "
                        + precision);
            }
        }
        return "NUMERIC(" + precision + "," + scale + ")";
    }

    private static int small(String digits) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        return d.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(d);
    }
}
