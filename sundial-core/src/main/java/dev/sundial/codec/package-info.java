/**
 * Column codecs: bit I/O and the encoders/decoders of one chunk of one column. No file I/O.
 *
 * <p>Entry points: {@link dev.sundial.codec.ColumnCodecs} (what the storage engine calls, one
 * self-describing block per column chunk) and {@link dev.sundial.codec.Codecs} (whole series,
 * {@code auto} compression). Every block starts with a one-byte codec id ({@link
 * dev.sundial.codec.CodecId}); the byte layouts are documented in {@code docs/format/codec-*.md}.
 * Every decoder throws {@link dev.sundial.codec.CorruptEncodingException} on bad input.
 */
package dev.sundial.codec;
