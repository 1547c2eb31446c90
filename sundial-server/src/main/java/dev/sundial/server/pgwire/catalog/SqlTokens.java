package dev.sundial.server.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's tokens, as far as the catalog needs them: names (lower case unless double-quoted),
 * string literals (with {@code ''} and, in {@code E'…'}, backslash escapes resolved), numbers,
 * parameters ({@code $1}) and operators; comments and white space dropped. {@link #normalized()}
 * renders them back in one canonical spacing, so that a client query is recognized whatever its
 * line breaks and indentation. Immutable.
 */
final class SqlTokens {
    enum Kind { NAME, QUOTED, STRING, NUMBER, PARAM, OP }

    record Token(Kind kind, String text) {
        boolean is(String s) {
            return (kind == Kind.NAME || kind == Kind.OP) && text.equals(s);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("in", "and", "or", "not", "on", "from", "join", "where", "exists", "as",
            "then", "else", "when", "select", "by", "using", "union", "case", "is", "like");

    final List<Token> tokens;

    private SqlTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The tokens of {@code sql}, or null when it has an unterminated string, name or comment. */
    static SqlTokens of(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return null;
                }
                i = end + 2;
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                boolean escapes = c != '\'';
                i += escapes ? 2 : 1;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char d = sql.charAt(i);
                    if (d == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else if (escapes && d == '\\' && i + 1 < n) {
                        char e = sql.charAt(i + 1);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                        i += 2;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                out.add(new Token(Kind.STRING, sb.toString()));
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char d = sql.charAt(i);
                    if (d == '"' && i + 1 < n && sql.charAt(i + 1) == '"') {
                        sb.append('"');
                        i += 2;
                    } else if (d == '"') {
                        i++;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                out.add(new Token(Kind.QUOTED, sb.toString()));
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                int s = ++i;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                if (i - s > 5 || Integer.parseInt(sql, s, i, 10) == 0) {
                    return null; // $123456: more parameters than the protocol carries, $0: none; the engine reports it
                }
                out.add(new Token(Kind.PARAM, sql.substring(s, i)));
            } else if (Character.isDigit(c)) {
                int s = i;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(s, i)));
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.NAME, sql.substring(s, i).toLowerCase(Locale.ROOT)));
            } else {
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                if (two.equals("::") || two.equals("<>") || two.equals("!=") || two.equals("<=") || two.equals(">=")
                        || two.equals("!~") || two.equals("||")) {
                    out.add(new Token(Kind.OP, two));
                    i += 2;
                } else {
                    out.add(new Token(Kind.OP, String.valueOf(c)));
                    i++;
                }
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).is(";")) {
            out.remove(out.size() - 1);
        }
        return new SqlTokens(out);
    }

    /** The highest parameter number ({@code $3} → 3), 0 without parameters. */
    int parameterCount() {
        int max = 0;
        for (Token t : tokens) {
            if (t.kind == Kind.PARAM) {
                max = Math.max(max, Integer.parseInt(t.text));
            }
        }
        return max;
    }

    /**
     * The tokens in one canonical form: names in lower case, a single space between tokens except
     * around {@code .}, {@code ::} and brackets, and before {@code ,}; a {@code (} right after a
     * function name. Strings as {@code 'text'}, quoted names as {@code "Name"}, parameters as {@code $1}.
     */
    String normalized() {
        StringBuilder sb = new StringBuilder();
        Token prev = null;
        for (Token t : tokens) {
            if (prev != null && space(prev, t)) {
                sb.append(' ');
            }
            sb.append(switch (t.kind) {
                case STRING -> "'" + t.text.replace("'", "''") + "'";
                case QUOTED -> "\"" + t.text.replace("\"", "\"\"") + "\"";
                case PARAM -> "$" + t.text;
                default -> t.text;
            });
            prev = t;
        }
        return sb.toString();
    }

    private static boolean space(Token prev, Token t) {
        if (t.is(",") || t.is(")") || t.is(".") || t.is("::") || t.is("]") || t.is("[")) {
            return false;
        }
        if (prev.is("(") || prev.is(".") || prev.is("::") || prev.is("[")) {
            return false;
        }
        if (t.is("(") && (prev.kind == Kind.NAME && !KEYWORDS.contains(prev.text) || prev.kind == Kind.QUOTED)) {
            return false;
        }
        return true;
    }
}
