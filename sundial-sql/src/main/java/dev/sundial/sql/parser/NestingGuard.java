package dev.sundial.sql.parser;

import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Rejects statements nested more deeply than {@link #MAX_DEPTH} before they are parsed, so that
 * neither the recursive-descent parser nor the AST builder can overflow the stack on hostile input.
 * Depth counts what the parser recurses on: open parentheses, open CASE … END, and runs of prefix
 * operators (- + NOT). Long chains of binary operators do not count: the parser loops over them and
 * the AST builder folds them iteratively. Stateless.
 */
final class NestingGuard {
    /** PostgreSQL-like limit; real queries stay far below it. */
    static final int MAX_DEPTH = 200;

    private NestingGuard() {
    }

    /** Throws a syntax error at the first token that goes deeper than {@link #MAX_DEPTH}. */
    static void check(String sql, List<Token> tokens) {
        int depth = 0;
        int prefixRun = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case SundialSqlLexer.LPAREN, SundialSqlLexer.CASE -> {
                    prefixRun = 0;
                    if (++depth > MAX_DEPTH) {
                        throw tooDeep(sql, t);
                    }
                }
                case SundialSqlLexer.RPAREN, SundialSqlLexer.END -> {
                    prefixRun = 0;
                    depth = Math.max(depth - 1, 0);
                }
                case SundialSqlLexer.MINUS, SundialSqlLexer.PLUS, SundialSqlLexer.NOT -> {
                    if (depth + ++prefixRun > MAX_DEPTH) {
                        throw tooDeep(sql, t);
                    }
                }
                case SundialSqlLexer.SEMICOLON -> {
                    // a statement separator closes everything: depth does not leak into the next statement
                    depth = 0;
                    prefixRun = 0;
                }
                default -> prefixRun = 0;
            }
        }
    }

    private static RuntimeException tooDeep(String sql, Token t) {
        return SyntaxError.at(sql, t, "statement nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
}
