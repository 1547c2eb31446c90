package dev.sundial.codec;

/**
 * Writes a bit stream most-significant-bit first (the first bit written is bit 7 of the first
 * byte), buffering 64 bits in a long and emitting whole big-endian words. The last partial byte is
 * padded with zero bits by {@link #finish()}. Not thread-safe.
 */
public final class BitWriter {
    private final ByteSink out;
    private long acc;
    /** Free bits left in {@link #acc} (1..64); bits fill from the top. */
    private int free = 64;
    private boolean finished;

    /** A writer with its own growable buffer; get the bytes with {@link #toByteArray()}. */
    public BitWriter() {
        this(new ByteSink(64));
    }

    BitWriter(ByteSink out) {
        this.out = out;
    }

    /**
     * Appends the low {@code k} bits of {@code v}, high bit first.
     *
     * @param k 0..64
     */
    public void write(long v, int k) {
        if (k == 0) {
            return;
        }
        if (k < 64) {
            v &= (1L << k) - 1;
        }
        if (k < free) {
            free -= k;
            acc |= v << free;
        } else {
            int over = k - free;
            out.writeLongBE(acc | (v >>> over));
            // over == 0 must clear: Java masks shift distances, so v << 64 would be v.
            acc = over == 0 ? 0 : v << (64 - over);
            free = 64 - over;
        }
    }

    /** Appends one bit. */
    public void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /** Bits written so far. */
    public long bitCount() {
        return (long) out.size() * 8 + (64 - free);
    }

    /** Flushes the buffered bits, zero-padding to a byte boundary. Idempotent; no writes after it. */
    public void finish() {
        if (!finished) {
            int used = 64 - free;
            out.writeBytesBE(acc, (used + 7) >>> 3);
            acc = 0;
            free = 64;
            finished = true;
        }
    }

    /** {@link #finish() Finishes} and returns the bytes written by a writer made with {@link #BitWriter()}. */
    public byte[] toByteArray() {
        finish();
        return out.toByteArray();
    }
}
