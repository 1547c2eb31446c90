package dev.sundial.server.auth;

import java.util.Locale;

/** What a token may do. Each scope includes the ones below it: ADMIN ⊇ WRITE ⊇ READ. */
public enum Scope {
    READ, WRITE, ADMIN;

    /** True when holding this scope grants {@code needed}. */
    public boolean includes(Scope needed) {
        return ordinal() >= needed.ordinal();
    }

    /** {@code read}, {@code write} or {@code admin}, any case. */
    public static Scope parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse scope [scope=" + text + "]: expected read, write or admin", e);
        }
    }
}
