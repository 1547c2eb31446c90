package dev.sundial.server.rest;

import dev.sundial.index.TagFilter;
import dev.sundial.server.http.HttpError;
import java.util.regex.PatternSyntaxException;

/**
 * The REST query's {@code where}: tag predicates joined by commas, all of which must hold.
 * <pre>
 *   where := term ("," term)*
 *   term  := name op value
 *   op    := "=" | "!=" | "=~"
 * </pre>
 * {@code host=a} (equal), {@code host!=a} (different or no host tag), {@code host=~web-.*} (the
 * whole value matches the Java regular expression; {@code host=~a|b} is "a or b"). A name or value may be double-quoted
 * to hold {@code , = ! ~ "} or surrounding spaces ({@code region="eu, west"}; inside quotes
 * {@code \"} and {@code \\}); unquoted, spaces around names and values are dropped. Only tags:
 * predicates on values would need every row and rule out rollups. Stateless.
 */
final class TagWhere {
    private TagWhere() {
    }

    static TagFilter parse(String text) {
        TagFilter f = TagFilter.all();
        if (text == null || text.isBlank()) {
            return f;
        }
        Cursor c = new Cursor(text);
        while (true) {
            String name = c.token(true);
            if (name.isEmpty()) {
                throw c.error("expected a tag name");
            }
            String op = c.operator();
            String value = c.token(false);
            try {
                f = switch (op) {
                    case "=" -> f.andEquals(name, value);
                    case "!=" -> f.andNotEquals(name, value);
                    case "=~" -> f.andMatches(name, value);
                    default -> throw new IllegalStateException("BUG: operator " + op);
                };
            } catch (PatternSyntaxException e) {
                throw HttpError.badRequest("cannot use where=" + text + ": invalid regular expression for " + name + ": "
                        + e.getDescription());
            }
            if (c.atEnd()) {
                return f;
            }
            c.expect(',');
        }
    }

    /** Reads {@code where} left to right. */
    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            skipSpaces();
            return pos >= text.length();
        }

        void expect(char ch) {
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ch) {
                throw error("expected '" + ch + "'");
            }
            pos++;
        }

        String operator() {
            skipSpaces();
            for (String op : new String[] {"!=", "=~", "="}) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            throw error("expected =, != or =~");
        }

        /** A quoted string, or bare characters up to an operator ({@code name}) or a comma (value). */
        String token(boolean name) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '"') {
                StringBuilder b = new StringBuilder();
                pos++;
                while (pos < text.length()) {
                    char ch = text.charAt(pos++);
                    if (ch == '"') {
                        return b.toString();
                    }
                    if (ch == '\\' && pos < text.length()) {
                        ch = text.charAt(pos++);
                    }
                    b.append(ch);
                }
                throw error("unterminated quoted string");
            }
            int start = pos;
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (ch == ',' || ch == '"' || (name && (ch == '=' || ch == '!'))) {
                    break;
                }
                pos++;
            }
            return text.substring(start, pos).strip();
        }

        void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        HttpError error(String what) {
            return HttpError.badRequest("cannot use where=" + text + ": " + what + " at character " + (pos + 1)
                    + " (syntax: tag=value, tag!=value, tag=~regex, joined by commas)");
        }
    }
}
