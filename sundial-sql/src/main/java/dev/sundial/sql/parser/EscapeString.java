package dev.sundial.sql.parser;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.antlr.v4.runtime.Token;

/**
 * The value of an {@code E'…'} string, PostgreSQL's escape string constant: {@code \b \f \n \r \t},
 * {@code \o}, {@code \oo}, {@code \ooo} (octal byte), {@code \xh}, {@code \xhh} (hex byte),
 * {@code \\uXXXX}, {@code \\UXXXXXXXX} (code point; a UTF-16 surrogate pair of two {@code \\u} is
 * one), {@code ''} for a quote; a backslash before any other character stands for that character.
 * Byte escapes must together form valid UTF-8 and no escape may produce the NUL character, as in
 * PostgreSQL with a UTF-8 database. Errors point at the escape. Stateless.
 */
final class EscapeString {
    private EscapeString() {
    }

    static String decode(String sql, Token token) {
        String text = token.getText();
        String body = text.substring(2, text.length() - 1); // after E', before the closing '
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length());
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\'') {
                plain.append('\''); // '' (the lexer admits no lone quote)
                i += 2;
                continue;
            }
            if (c != '\\') {
                plain.append(c);
                i++;
                continue;
            }
            int escapeAt = i;
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'b' -> plain.append('\b');
                case 'f' -> plain.append('\f');
                case 'n' -> plain.append('\n');
                case 'r' -> plain.append('\r');
                case 't' -> plain.append('\t');
                case 'x', 'X' -> {
                    int end = i;
                    while (end < body.length() && end < i + 2 && Character.digit(body.charAt(end), 16) >= 0) {
                        end++;
                    }
                    if (end == i) {
                        plain.append(e); // \x without digits is x, as in PostgreSQL
                        break;
                    }
                    flush(plain, bytes);
                    bytes.write(nonNul(sql, token, escapeAt, Integer.parseInt(body, i, end, 16)));
                    i = end;
                }
                case 'u', 'U' -> {
                    int digits = e == 'u' ? 4 : 8;
                    int cp = hex(sql, token, body, escapeAt, i, digits);
                    i += digits;
                    if (Character.isHighSurrogate((char) cp) && cp <= 0xFFFF) {
                        if (i + 1 < body.length() && body.charAt(i) == '\\' && body.charAt(i + 1) == 'u') {
                            int low = hex(sql, token, body, i, i + 2, 4);
                            if (!Character.isLowSurrogate((char) low)) {
                                throw error(sql, token, i, "invalid Unicode surrogate pair");
                            }
                            cp = Character.toCodePoint((char) cp, (char) low);
                            i += 6;
                        } else {
                            throw error(sql, token, escapeAt, "invalid Unicode surrogate pair");
                        }
                    } else if (cp <= 0xFFFF && Character.isLowSurrogate((char) cp)) {
                        throw error(sql, token, escapeAt, "invalid Unicode surrogate pair");
                    }
                    if (cp > Character.MAX_CODE_POINT || cp < 0) {
                        throw error(sql, token, escapeAt, "invalid Unicode escape value");
                    }
                    nonNul(sql, token, escapeAt, cp);
                    plain.appendCodePoint(cp);
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i;
                        while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                            end++;
                        }
                        flush(plain, bytes);
                        bytes.write(nonNul(sql, token, escapeAt, Integer.parseInt(body, i - 1, end, 8) & 0xFF));
                        i = end;
                    } else {
                        plain.append(e);
                    }
                }
            }
        }
        if (bytes.size() == 0) {
            return plain.toString();
        }
        flush(plain, bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException ex) {
            throw SyntaxError.at(sql, token, "invalid byte sequence for encoding UTF8 in string: its \\x or octal escapes"
                    + " do not form UTF-8 characters");
        }
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream bytes) {
        if (!plain.isEmpty()) {
            bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
        }
    }

    private static int hex(String sql, Token token, String body, int escapeAt, int from, int digits) {
        if (from + digits > body.length()) {
            throw error(sql, token, escapeAt, "invalid Unicode escape: \\" + body.charAt(escapeAt + 1) + " takes " + digits
                    + " hexadecimal digits");
        }
        long v = 0;
        for (int k = from; k < from + digits; k++) {
            int d = Character.digit(body.charAt(k), 16);
            if (d < 0) {
                throw error(sql, token, escapeAt, "invalid Unicode escape: \\" + body.charAt(escapeAt + 1) + " takes " + digits
                        + " hexadecimal digits");
            }
            v = v * 16 + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static int nonNul(String sql, Token token, int escapeAt, int value) {
        if (value == 0) {
            throw error(sql, token, escapeAt, "invalid byte sequence for encoding UTF8: 0x00 (strings cannot hold NUL)");
        }
        return value;
    }

    /** A syntax error at the escape starting {@code escapeAt} characters into the string's body. */
    private static dev.sundial.QueryException error(String sql, Token token, int escapeAt, String reason) {
        int offset = token.getStartIndex() + 2 + escapeAt;
        int line = token.getLine();
        int column = token.getCharPositionInLine() + 1 + 2 + escapeAt;
        String before = sql.substring(token.getStartIndex(), Math.min(offset, sql.length()));
        int nl = before.lastIndexOf('\n');
        if (nl >= 0) {
            line += (int) before.chars().filter(ch -> ch == '\n').count();
            column = offset - (token.getStartIndex() + nl + 1) + 1;
        }
        return new dev.sundial.QueryException("syntax error at line " + line + ", column " + column + ": " + reason,
                sql, offset + 1, line, column, null);
    }
}
