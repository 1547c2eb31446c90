package dev.sundial.table;

import java.nio.charset.StandardCharsets;

/**
 * Rules for names of tables, tags and columns. Names are case-sensitive, as in line protocol, and
 * may hold any character except control characters; they must be non-empty and at most
 * {@value #MAX_BYTES} bytes long in UTF-8, so that catalogs, WAL records and series keys stay bounded.
 */
final class Identifiers {
    static final int MAX_BYTES = 256;

    private Identifiers() {
    }

    static void check(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("cannot use " + kind + " name: it is empty");
        }
        // a UTF-16 unit takes at most 3 bytes: only long names are encoded to be measured
        int bytes = name.length() * 3 <= MAX_BYTES ? MAX_BYTES : name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("cannot use " + kind + " name '" + name.substring(0, 32) + "…': it is " + bytes
                    + " bytes in UTF-8, the limit is " + MAX_BYTES);
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
