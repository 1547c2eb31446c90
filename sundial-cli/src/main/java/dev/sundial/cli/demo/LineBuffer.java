package dev.sundial.cli.demo;

import dev.sundial.cli.demo.DevopsGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte buffer behind {@link DevopsGenerator#writeLineProtocol}: appends ASCII bytes, longs and
 * field values without String formatting, handing 1 MiB blocks to the stream.
 *
 * <p>Values: with {@code decimals >= 0} (values already rounded to that many decimals and within
 * [0, 100]) as fixed-point digits with trailing zeros dropped, which is the shortest text that parses
 * back to the same double; otherwise through {@link Double#toString}, which gives the shortest
 * round-trip digits. Not thread-safe.
 */
final class LineBuffer {
    private static final int SIZE = 1 << 20;
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
        10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L};

    private final OutputStream out;
    private final int decimals;
    private final byte[] buf = new byte[SIZE];
    private final byte[] digits = new byte[20];
    private int n;
    long written;

    LineBuffer(OutputStream out, int decimals) {
        this.out = out;
        this.decimals = decimals;
    }

    private void room(int k) throws IOException {
        if (n + k > SIZE) {
            out.write(buf, 0, n);
            written += n;
            n = 0;
        }
    }

    void put(byte[] b) throws IOException {
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    void put(byte b) throws IOException {
        room(1);
        buf[n++] = b;
    }

    void putLong(long v) throws IOException {
        room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            buf[n++] = '-';
            v = -v;
        }
        int k = 0;
        do {
            digits[k++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        while (k > 0) {
            buf[n++] = digits[--k];
        }
    }

    void putValue(double v) throws IOException {
        if (decimals < 0 || !(Math.abs(v) < 1e15 / POW10[decimals])) {
            String s = Double.toString(v);
            if (s.endsWith(".0")) {
                s = s.substring(0, s.length() - 2);
            }
            put(s.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        long scaled = Math.round(v * POW10[decimals]);
        if (scaled < 0) {
            put((byte) '-');
            scaled = -scaled;
        }
        long intPart = scaled / POW10[decimals];
        long frac = scaled % POW10[decimals];
        putLong(intPart);
        if (frac != 0) {
            int d = decimals;
            while (frac % 10 == 0) {
                frac /= 10;
                d--;
            }
            room(d + 1);
            buf[n++] = '.';
            for (int i = d - 1; i >= 0; i--) {
                buf[n + i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            n += d;
        }
    }

    void flush() throws IOException {
        out.write(buf, 0, n);
        written += n;
        n = 0;
        out.flush();
    }
}
