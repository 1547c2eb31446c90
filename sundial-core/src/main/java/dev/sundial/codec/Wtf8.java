package dev.sundial.codec;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that also carries lone surrogates (the "WTF-8" generalization): a Java string is any
 * sequence of UTF-16 code units, and a lossless codec must give back even unpaired surrogates,
 * which {@code String.getBytes(UTF_8)} would replace by '?'. Paired surrogates become the usual
 * 4-byte sequence, a lone surrogate the 3-byte form of its code unit. For valid strings the bytes
 * are exactly UTF-8. Stateless and thread-safe.
 */
final class Wtf8 {
    private Wtf8() {
    }

    /** Appends the encoding of {@code s} to {@code out}. */
    static void encode(String s, ByteSink out) {
        int len = s.length();
        out.ensure(len * 3);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else if (c < 0x800) {
                out.writeByte(0xC0 | (c >>> 6));
                out.writeByte(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.writeByte(0xF0 | (cp >>> 18));
                out.writeByte(0x80 | ((cp >>> 12) & 0x3F));
                out.writeByte(0x80 | ((cp >>> 6) & 0x3F));
                out.writeByte(0x80 | (cp & 0x3F));
            } else {
                out.writeByte(0xE0 | (c >>> 12));
                out.writeByte(0x80 | ((c >>> 6) & 0x3F));
                out.writeByte(0x80 | (c & 0x3F));
            }
        }
    }

    /**
     * Decodes {@code src[off, off+len)}; returns null when the bytes are not well-formed (the caller
     * reports where).
     */
    static String decode(byte[] src, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && src[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(src, off, len, StandardCharsets.ISO_8859_1); // ASCII: one byte per char
        }
        char[] out = new char[len];
        int o = 0;
        for (int k = off; k < i; k++) {
            out[o++] = (char) src[k];
        }
        while (i < end) {
            int b = src[i] & 0xFF;
            if (b < 0x80) {
                out[o++] = (char) b;
                i++;
            } else if (b >= 0xC2 && b < 0xE0) {
                if (i + 1 >= end || !cont(src[i + 1])) {
                    return null;
                }
                out[o++] = (char) (((b & 0x1F) << 6) | (src[i + 1] & 0x3F));
                i += 2;
            } else if (b >= 0xE0 && b < 0xF0) {
                if (i + 2 >= end || !cont(src[i + 1]) || !cont(src[i + 2])) {
                    return null;
                }
                int c = ((b & 0x0F) << 12) | ((src[i + 1] & 0x3F) << 6) | (src[i + 2] & 0x3F);
                if (c < 0x800) {
                    return null; // overlong
                }
                out[o++] = (char) c;
                i += 3;
            } else if (b >= 0xF0 && b < 0xF5) {
                if (i + 3 >= end || !cont(src[i + 1]) || !cont(src[i + 2]) || !cont(src[i + 3])) {
                    return null;
                }
                int cp = ((b & 0x07) << 18) | ((src[i + 1] & 0x3F) << 12) | ((src[i + 2] & 0x3F) << 6)
                        | (src[i + 3] & 0x3F);
                if (cp < 0x10000 || cp > 0x10FFFF) {
                    return null;
                }
                out[o++] = Character.highSurrogate(cp);
                out[o++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                return null;
            }
        }
        return new String(out, 0, o);
    }

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
