package dev.sundial.server.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. The scopes are nested, {@code ADMIN ⊇ WRITE ⊇ READ}, as users of API tokens
 * expect: a token that may write may also read what it wrote, and an admin token may do anything.
 * What each scope covers over HTTP is listed in {@code docs/auth.md}:
 * <ul>
 *   <li>{@link #READ}: SQL queries that read, REST queries, the web console, {@code /metrics};</li>
 *   <li>{@link #WRITE}: line protocol, REST writes, SQL {@code INSERT} and {@code DELETE};</li>
 *   <li>{@link #ADMIN}: DDL ({@code CREATE}, {@code DROP}, {@code ALTER}), {@code CALL maintenance()},
 *       token administration over HTTP.</li>
 * </ul>
 * The declaration order is the nesting order and the stored bit order ({@code docs/format/tokens.md}):
 * never reorder the constants, only append.
 */
public enum Scope {
    READ, WRITE, ADMIN;

    /**
     * The scope named by {@code text}: {@code read}, {@code write} or {@code admin}, in any case,
     * surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming the text and the known scopes
     */
    public static Scope parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Scope s : values()) {
            if (s.label().equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("cannot parse scope \"" + text + "\": expected read, write or admin");
    }

    /**
     * The scopes of a comma-separated list such as {@code read,write}; at least one, repeats allowed.
     *
     * @throws IllegalArgumentException on an empty list, an empty item or an unknown scope
     */
    public static Set<Scope> parseAll(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new IllegalArgumentException("cannot parse scopes \"" + (commaSeparated == null ? "" : commaSeparated)
                    + "\": give one or more of read, write, admin, separated by commas");
        }
        EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
        for (String item : commaSeparated.split(",", -1)) {
            out.add(parse(item));
        }
        return Collections.unmodifiableSet(out);
    }

    /** Whether a token holding this scope may do what {@code needed} covers. */
    public boolean implies(Scope needed) {
        return ordinal() >= needed.ordinal();
    }

    /** The lower-case name users type and see: {@code read}, {@code write}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Scopes as users write them, e.g. {@code read,write}, in declaration order. */
    public static String format(Set<Scope> scopes) {
        StringBuilder b = new StringBuilder();
        for (Scope s : values()) {
            if (scopes.contains(s)) {
                b.append(b.isEmpty() ? "" : ",").append(s.label());
            }
        }
        return b.toString();
    }
}
