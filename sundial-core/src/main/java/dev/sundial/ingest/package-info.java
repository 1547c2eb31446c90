/**
 * Ingest text formats: decoding InfluxDB line protocol ({@link dev.sundial.ingest.LineProtocolReader})
 * and CSV ({@link dev.sundial.ingest.CsvPointReader}) into a reusable
 * {@link dev.sundial.ingest.ParsedPoint}, and writing points back
 * ({@link dev.sundial.ingest.LineProtocolWriter}, {@link dev.sundial.ingest.CsvPointWriter}) so that
 * an export reads back identically. Used by {@code sundial import/export} and HTTP {@code /write}.
 * The accepted syntax is documented in {@code docs/formats-input.md}. No file I/O: the classes work
 * on streams and Appendables given by the caller.
 */
package dev.sundial.ingest;
