package dev.sundial.server.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) of a password, as PostgreSQL applies it before SCRAM: non-ASCII spaces
 * become a space, characters "commonly mapped to nothing" are removed, the result is NFKC
 * normalized; when it would contain a prohibited character (controls, private use, surrogates,
 * non-characters, unassigned code points) the password is used as given instead, as PostgreSQL
 * does, so that any password works. The bidirectional-text rule of RFC 3454 §6 is not checked (it
 * too would only make PostgreSQL fall back to the password as given). Stateless and thread-safe.
 */
final class SaslPrep {
    private SaslPrep() {
    }

    static String prepare(String password) {
        if (isPlainAscii(password)) {
            return password; // printable ASCII: SASLprep changes nothing (the common case)
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (mapsToNothing(cp)) {
                continue;
            }
            mapped.appendCodePoint(isNonAsciiSpace(cp) ? ' ' : cp);
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (prohibited(cp)) {
                return password;
            }
        }
        return normalized;
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3454 table B.1. */
    private static boolean mapsToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D) || (cp >= 0x200B && cp <= 0x200D)
                || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2 (U+200B is in B.1 too, and removed first). */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** RFC 3454 tables C.1.2 to C.9 and A.1, approximated by the JDK's Unicode character types. */
    private static boolean prohibited(int cp) {
        if (isNonAsciiSpace(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.FORMAT || (cp & 0xFFFE) == 0xFFFE
                || (cp >= 0xFDD0 && cp <= 0xFDEF);
    }
}
