package dev.sundial.ingest;

/**
 * Internal signal of {@link LineProtocolParser}: the entry runs past the bytes buffered so far and the
 * stream is not at its end. The reader catches it, reads more and parses the entry again from its
 * start. A single preallocated instance without stack trace: it happens about once per buffer fill.
 */
final class NeedMoreInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final NeedMoreInput INSTANCE = new NeedMoreInput();

    private NeedMoreInput() {
        super("need more input", null, false, false);
    }
}
