package dev.sundial.codec;

import java.util.HashMap;

/**
 * Strings (codec ids {@link CodecId#STRING_PLAIN}, {@link CodecId#STRING_DICTIONARY}); the values
 * are non-null (nulls live in the presence bitmap) and are stored as {@link Wtf8} bytes.
 *
 * <pre>
 * plain:      n × (varint byteLength, bytes)
 * dictionary: varint D (distinct values, in order of first appearance; 0 only when n = 0),
 *             D × (varint byteLength, bytes),
 *             u8 w = bitsFor(D-1), n codes × w bits LSB-first (each &lt; D)
 * </pre>
 * The dictionary form is used only when it is smaller. Decoding the dictionary form hands out the
 * same String instance for equal values. Byte layout in {@code docs/format/codec-string.md}.
 * Stateless and thread-safe.
 */
final class StringCodec {
    static final String WHAT = "strings";

    private StringCodec() {
    }

    static byte[] encode(String[] v, int n, boolean plainAllowed, boolean dictionaryAllowed) {
        ByteSink plain = null;
        if (plainAllowed) {
            plain = new ByteSink(16 + n * 8);
            plain.writeByte(CodecId.STRING_PLAIN);
            for (int i = 0; i < n; i++) {
                writeString(nonNull(v, i), plain);
            }
        }
        if (!dictionaryAllowed) {
            return plain.toByteArray();
        }
        HashMap<String, Integer> ids = new HashMap<>();
        long[] codes = new long[n];
        ByteSink dict = new ByteSink(64);
        dict.writeByte(CodecId.STRING_DICTIONARY);
        ByteSink entries = new ByteSink(64);
        for (int i = 0; i < n; i++) {
            String s = nonNull(v, i);
            Integer id = ids.get(s);
            if (id == null) {
                id = ids.size();
                ids.put(s, id);
                writeString(s, entries);
            }
            codes[i] = id;
            // give up as soon as the dictionary alone is larger than the plain form
            if (plain != null && entries.size() > plain.size()) {
                return plain.toByteArray();
            }
        }
        dict.writeVarLong(ids.size());
        dict.writeBytes(entries.toByteArray(), 0, entries.size());
        int w = BitPacking.bitsFor(Math.max(0, ids.size() - 1));
        dict.writeByte(w);
        BitPacking.pack(codes, 0, n, w, dict);
        return plain != null && plain.size() <= dict.size() ? plain.toByteArray() : dict.toByteArray();
    }

    private static String nonNull(String[] v, int i) {
        String s = v[i];
        if (s == null) {
            throw new IllegalArgumentException("cannot encode strings [index=" + i
                    + "]: null value (nulls belong in the presence bitmap)");
        }
        return s;
    }

    private static void writeString(String s, ByteSink out) {
        ByteSink tmp = new ByteSink(s.length() * 3 + 1);
        Wtf8.encode(s, tmp);
        out.writeVarLong(tmp.size());
        out.writeBytes(tmp.toByteArray(), 0, tmp.size());
    }

    private static String readString(ByteCursor in) {
        int len = in.readLength("string byte length");
        String s = Wtf8.decode(in.src, in.pos, len);
        if (s == null) {
            throw in.corrupt("malformed UTF-8 in a string of " + len + " bytes");
        }
        in.pos += len;
        return s;
    }

    static void decode(byte[] src, int off, int len, String[] dst, int n) {
        ByteCursor in = new ByteCursor(src, off, len, WHAT);
        int id = in.readByte();
        if (id == CodecId.STRING_PLAIN) {
            for (int i = 0; i < n; i++) {
                dst[i] = readString(in);
            }
        } else if (id == CodecId.STRING_DICTIONARY) {
            // each entry takes at least one byte, so D ≤ remaining bounds the allocation
            int d = in.readVarInt(n == 0 ? 0 : 1, Math.min(n, in.remaining()), "dictionary size");
            String[] dict = new String[d];
            for (int k = 0; k < d; k++) {
                dict[k] = readString(in);
            }
            int w = in.readByte();
            int expected = BitPacking.bitsFor(Math.max(0, d - 1));
            if (w != expected) {
                throw in.corruptAt(in.pos - 1, "code width " + w + " but a dictionary of " + d + " needs " + expected);
            }
            long bytes = BitPacking.packedBytes(n, w);
            in.need(bytes, n + " codes of " + w + " bits");
            for (int i = 0; i < n; i++) {
                long code = BitPacking.read(src, in.pos, in.end, (long) i * w, w);
                if (code >= d) {
                    throw in.corrupt("code " + code + " at row " + i + " >= dictionary size " + d);
                }
                dst[i] = dict[(int) code];
            }
            in.pos += (int) bytes;
        } else {
            throw in.corruptAt(off, "codec id " + CodecId.name(id) + " is not a string codec");
        }
        in.expectEnd();
    }
}
