package dev.sundial.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The byte window and token level under {@link LineProtocolParser}: character classes, bounds checks
 * that signal {@link NeedMoreInput}, token scanning with backslash escapes, unescaping, UTF-8
 * validation, String decoding through {@link TokenStrings}, and error positions (line and column
 * from a buffer position). The owner ({@link LineProtocolReader}) sets {@link #buf}, {@link #limit}
 * and {@link #eof}. Not thread-safe.
 */
class LineProtocolScanner {
    // Character classes. A "stop" bit ends a token of that kind; the backslash carries every stop bit
    // so that the scanning loop leaves its fast path for it.
    static final byte M_STOP = 1;   // measurement: , space, non-printable, backslash
    static final byte K_STOP = 2;   // tag key / field key: , = space, non-printable, backslash
    static final byte V_STOP = 4;   // tag value: , = space LF backslash (CR and other controls are data)
    static final byte F_STOP = 8;   // unquoted field value: , space CR LF
    static final byte M_ESC = 16;   // escapable after a backslash in a measurement: space ,
    static final byte K_ESC = 32;   // escapable in keys and tag values: space , =
    static final byte[] CLS = new byte[256];

    static {
        for (int c = 0; c < 32; c++) {
            CLS[c] |= M_STOP | K_STOP;
        }
        CLS[127] |= M_STOP | K_STOP;
        CLS[','] |= M_STOP | K_STOP | V_STOP | F_STOP | M_ESC | K_ESC;
        CLS[' '] |= M_STOP | K_STOP | V_STOP | F_STOP | M_ESC | K_ESC;
        CLS['='] |= K_STOP | V_STOP | K_ESC;
        CLS['\r'] |= F_STOP;
        CLS['\n'] |= V_STOP | F_STOP;
        CLS['\\'] |= M_STOP | K_STOP | V_STOP;
    }

    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    byte[] buf;
    int limit;
    boolean eof;

    final TokenStrings strings = new TokenStrings();

    /** Unescaped copies of tokens that contained escapes. */
    byte[] scratch = new byte[1024];
    int scratchLen;

    // Set by scan(): whether the token had a byte >= 0x80, whether it consumed an escape.
    boolean tokHigh;
    boolean tokEsc;

    // Per-entry position bookkeeping, for error positions and the owner's line counter.
    int entryStart;
    long entryLine;
    int entryCol0;
    /** LF bytes inside the entry and its terminator, after a successful {@link LineProtocolParser#parse}. */
    int linesConsumed;
    /** Where recovery should go on from (skip to the next LF from here), after an error. */
    int resumePos;

    /** True when position {@code p} holds a byte; false at end of input; throws when more must be read. */
    boolean has(int p) {
        if (p < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        throw NeedMoreInput.INSTANCE;
    }

    /**
     * After a line terminator at {@code p}: LF, CR LF, a CR at end of input, or end of input. Returns
     * the position after it, or -1 when {@code p} holds something else.
     */
    int endOfLine(int p) {
        if (!has(p)) {
            return p;
        }
        byte c = buf[p];
        if (c == '\n') {
            return p + 1;
        }
        if (c == '\r') {
            if (!has(p + 1)) {
                return p + 1;
            }
            if (buf[p + 1] == '\n') {
                return p + 2;
            }
        }
        return -1;
    }

    int skipSpaces(int p) {
        while (has(p) && buf[p] == ' ') {
            p++;
        }
        return p;
    }

    /**
     * Scans a token from {@code p}: bytes without the {@code stop} class, and backslash escapes. A
     * backslash before a byte of the {@code esc} class escapes it; any other backslash is itself.
     * Sets {@link #tokHigh} and {@link #tokEsc}. Returns the end of the token.
     */
    int scan(int p, int stop, int esc) {
        byte[] b = buf;
        int lim = limit;
        int bits = 0;
        boolean escaped = false;
        while (true) {
            if (p >= lim) {
                if (eof) {
                    break;
                }
                throw NeedMoreInput.INSTANCE;
            }
            int c = b[p];
            if ((CLS[c & 0xff] & stop) == 0) {
                bits |= c;
                p++;
                continue;
            }
            if (c != '\\') {
                break;
            }
            if (p + 1 >= lim) {
                if (eof) {
                    p++; // a backslash at end of input is itself
                    break;
                }
                throw NeedMoreInput.INSTANCE;
            }
            int n = b[p + 1];
            if ((CLS[n & 0xff] & esc) != 0) {
                escaped = true;
                p += 2;
            } else {
                p++; // literal backslash; the next byte is examined on its own
            }
        }
        tokHigh = bits < 0;
        tokEsc = escaped;
        return p;
    }

    /** Last length written by {@link #unescapeToScratch}. */
    int lastUnescapedLen;

    /**
     * Copies {@code buf[from,to)} into scratch without its escaping backslashes; returns ~offset and
     * leaves the length in {@link #lastUnescapedLen}.
     */
    int unescapeToScratch(int from, int to, int esc) {
        int need = scratchLen + (to - from);
        if (need > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(need, scratch.length * 2));
        }
        byte[] b = buf;
        byte[] s = scratch;
        int start = scratchLen;
        int o = start;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < to && (CLS[b[i + 1] & 0xff] & esc) != 0) {
                c = b[++i];
            }
            s[o++] = c;
        }
        scratchLen = o;
        lastUnescapedLen = o - start;
        return ~start;
    }

    /** Decodes (via the cache) a token just scanned, validating UTF-8. */
    String string(int from, int to, String what, int esc) throws LineProtocolException {
        boolean high = tokHigh;
        if (!tokEsc) {
            if (high) {
                checkUtf8(buf, from, to, from, to, what);
            }
            return strings.get(buf, from, to - from, !high);
        }
        int ref = unescapeToScratch(from, to, esc);
        int off = ~ref;
        int len = lastUnescapedLen;
        if (high) {
            checkUtf8(scratch, off, off + len, from, to, what);
        }
        return strings.get(scratch, off, len, !high);
    }

    void checkUtf8(byte[] arr, int from, int to, int tokenStart, int tokenEnd, String what)
            throws LineProtocolException {
        if (Utf8Validation.firstInvalid(arr, from, to) >= 0) {
            throw error(tokenStart, tokenEnd, "invalid UTF-8 in " + what);
        }
    }

    /** 1 for true, 0 for false, -1 when not one of t T true True TRUE f F false False FALSE. */
    static int parseBoolean(byte[] b, int from, int to) {
        int n = to - from;
        byte c = b[from];
        if (n == 1) {
            return c == 't' || c == 'T' ? 1 : c == 'f' || c == 'F' ? 0 : -1;
        }
        if (n == 4 && (c == 't' || c == 'T')) {
            boolean upper = c == 'T' && b[from + 1] == 'R';
            if (upper ? b[from + 1] == 'R' && b[from + 2] == 'U' && b[from + 3] == 'E'
                    : b[from + 1] == 'r' && b[from + 2] == 'u' && b[from + 3] == 'e') {
                return 1;
            }
            return -1;
        }
        if (n == 5 && (c == 'f' || c == 'F')) {
            boolean upper = c == 'F' && b[from + 1] == 'A';
            if (upper ? b[from + 1] == 'A' && b[from + 2] == 'L' && b[from + 3] == 'S' && b[from + 4] == 'E'
                    : b[from + 1] == 'a' && b[from + 2] == 'l' && b[from + 3] == 's' && b[from + 4] == 'e') {
                return 0;
            }
        }
        return -1;
    }

    /** Builds the exception for a problem at {@code pos}; recovery goes on after {@code scanned}. */
    LineProtocolException error(int pos, int scanned, String reason) {
        byte[] b = buf;
        long line = entryLine;
        int lastLf = -1;
        for (int i = entryStart; i < pos; i++) {
            if (b[i] == '\n') {
                line++;
                lastLf = i;
            }
        }
        int col = lastLf >= 0 ? pos - lastLf : entryCol0 + (pos - entryStart) + 1;
        resumePos = Math.max(pos, scanned);
        return new LineProtocolException(line, col, reason);
    }

    String quoteToken(int from, int to) {
        return QuotedText.of(buf, from, to, limit);
    }
}
