package dev.sundial.codec;

/**
 * Thrown by every decoder of this package when its input is not a valid encoding: a truncated
 * block, an unknown codec id, a count or bit width that does not fit the input, trailing bytes.
 * The message reads {@code cannot decode <what> [offset=N]: <cause>}, where the offset is the byte
 * offset inside the encoded block (0 = the codec id byte).
 */
public class CorruptEncodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param what   what was being decoded, e.g. {@code "gorilla-xor doubles"}
     * @param offset byte offset inside the block where the problem was found
     * @param cause  what is wrong
     */
    public CorruptEncodingException(String what, long offset, String cause) {
        super("cannot decode " + what + " [offset=" + offset + "]: " + cause);
        this.offset = offset;
    }

    /** Byte offset inside the encoded block where the problem was found. */
    public long offset() {
        return offset;
    }
}
