package dev.sundial.sql.parser;

import dev.sundial.QueryException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Builds the {@link QueryException} for a syntax error at a token, worded
 * {@code syntax error at line L, column C: <reason>}, with the token's 1-based position so that
 * {@link QueryException#describe()} puts the caret under it. Positions count Unicode code points,
 * as ANTLR does (and as PostgreSQL's "position" does). Stateless.
 */
final class SyntaxError {
    /** Longest piece of an offending token quoted in a message. */
    private static final int MAX_QUOTED = 40;

    private SyntaxError() {
    }

    /** A syntax error at {@code token} for the given reason. */
    static QueryException at(String sql, Token token, String reason) {
        int line = Math.max(token.getLine(), 1);
        int column = token.getCharPositionInLine() + 1;
        int offset = token.getStartIndex() + 1;
        String message = "syntax error at line " + line + ", column " + column + ": " + reason;
        return new QueryException(message, sql, offset, line, column, null);
    }

    /**
     * The parser could not accept {@code token}; {@code expected} (may be null) is what it could
     * have accepted there. Tokens that stand for malformed input (an unterminated string, a stray
     * character) are named for what they are, without an expected list.
     */
    static QueryException unexpected(String sql, Token token, IntervalSet expected) {
        String reason = switch (token.getType()) {
            case Token.EOF -> "unexpected end of input";
            case SundialSqlLexer.UNTERMINATED_STRING, SundialSqlLexer.UNTERMINATED_ESCAPE_STRING -> "unterminated string";
            case SundialSqlLexer.UNICODE_STRING_LITERAL -> "U&'…' strings are not supported (write E'\\uXXXX' instead)";
            case SundialSqlLexer.UNTERMINATED_QUOTED_IDENTIFIER -> "unterminated quoted identifier";
            case SundialSqlLexer.UNTERMINATED_COMMENT -> "unterminated comment";
            case SundialSqlLexer.UNEXPECTED_CHARACTER -> "unexpected character " + quote(token.getText());
            default -> "unexpected " + quote(token.getText());
        };
        boolean malformed = switch (token.getType()) {
            case SundialSqlLexer.UNTERMINATED_STRING, SundialSqlLexer.UNTERMINATED_QUOTED_IDENTIFIER,
                 SundialSqlLexer.UNTERMINATED_COMMENT, SundialSqlLexer.UNEXPECTED_CHARACTER,
                 SundialSqlLexer.UNTERMINATED_ESCAPE_STRING, SundialSqlLexer.UNICODE_STRING_LITERAL -> true;
            default -> false;
        };
        if (expected != null && !malformed) {
            String list = ExpectedTokens.describe(expected);
            if (!list.isEmpty()) {
                reason += ", expected " + list;
            }
        }
        return at(sql, token, reason);
    }

    /** 'text', shortened, with control characters shown as U+XXXX. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (shown++ == MAX_QUOTED) {
                sb.append('…');
                break;
            }
            if (Character.isISOControl(cp)) {
                sb.append(String.format("U+%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.append('\'').toString();
    }
}
