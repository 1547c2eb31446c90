package dev.sundial.codec;

/**
 * The one-byte codec ids that start every encoded block. Ids are part of the on-disk format:
 * never renumber one; add new ids instead. Documented in {@code docs/format/codec-*.md}.
 */
public final class CodecId {
    /** Raw little-endian longs ({@code docs/format/codec-raw.md}). */
    public static final int RAW_LONG = 0x01;
    /** Raw little-endian IEEE-754 bits of doubles ({@code docs/format/codec-raw.md}). */
    public static final int RAW_DOUBLE = 0x02;
    /** Delta-of-delta longs with Gorilla buckets ({@code docs/format/codec-delta-of-delta.md}). */
    public static final int DELTA_OF_DELTA = 0x03;
    /** Delta / frame-of-reference + patched bit-packing of longs ({@code docs/format/codec-delta.md}). */
    public static final int DELTA = 0x04;
    /** Gorilla XOR doubles ({@code docs/format/codec-gorilla-xor.md}). */
    public static final int GORILLA_XOR = 0x05;
    /** Decimal-scaled doubles ({@code docs/format/codec-decimal.md}). */
    public static final int DECIMAL = 0x06;
    /** Doubles as order-preserving integers + delta ({@code docs/format/codec-float-as-int.md}). */
    public static final int FLOAT_AS_INT = 0x07;
    /** Booleans as a bitmap ({@code docs/format/codec-boolean.md}). */
    public static final int BOOL_BITMAP = 0x10;
    /** Booleans as run lengths ({@code docs/format/codec-boolean.md}). */
    public static final int BOOL_RLE = 0x11;
    /** Strings, plain ({@code docs/format/codec-string.md}). */
    public static final int STRING_PLAIN = 0x20;
    /** Strings, dictionary ({@code docs/format/codec-string.md}). */
    public static final int STRING_DICTIONARY = 0x21;
    /** Presence: every row has a value ({@code docs/format/codec-presence.md}). */
    public static final int PRESENCE_ALL = 0x30;
    /** Presence: no row has a value. */
    public static final int PRESENCE_NONE = 0x31;
    /** Presence: bitmap. */
    public static final int PRESENCE_BITMAP = 0x32;
    /** Presence: run lengths. */
    public static final int PRESENCE_RLE = 0x33;

    private CodecId() {
    }

    /** A readable name for an id (for messages and statistics); {@code "unknown(0x..)"} otherwise. */
    public static String name(int id) {
        return switch (id) {
            case RAW_LONG -> "raw-long";
            case RAW_DOUBLE -> "raw-double";
            case DELTA_OF_DELTA -> "delta-of-delta";
            case DELTA -> "delta";
            case GORILLA_XOR -> "gorilla-xor";
            case DECIMAL -> "decimal";
            case FLOAT_AS_INT -> "float-as-int";
            case BOOL_BITMAP -> "bool-bitmap";
            case BOOL_RLE -> "bool-rle";
            case STRING_PLAIN -> "string-plain";
            case STRING_DICTIONARY -> "string-dictionary";
            case PRESENCE_ALL -> "presence-all";
            case PRESENCE_NONE -> "presence-none";
            case PRESENCE_BITMAP -> "presence-bitmap";
            case PRESENCE_RLE -> "presence-rle";
            default -> String.format("unknown(0x%02x)", id & 0xFF);
        };
    }
}
