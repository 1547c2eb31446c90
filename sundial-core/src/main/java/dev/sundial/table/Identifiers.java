package dev.sundial.table;

/**
 * Rules for names of tables, tags and columns. Names are case-sensitive, as in line protocol, and
 * may hold any character except control characters; they must be non-empty and at most 256 bytes
 * long so that catalogs and WAL records stay bounded.
 */
final class Identifiers {
    static final int MAX_LENGTH = 256;

    private Identifiers() {
    }

    static void check(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("cannot use " + kind + " name: it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("cannot use " + kind + " name '" + name.substring(0, 32)
                    + "…': longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("cannot use " + kind + " name '" + name
                        + "': control character at position " + i);
            }
        }
    }
}
