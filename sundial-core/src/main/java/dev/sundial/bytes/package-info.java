/**
 * Byte-level helpers shared by the packages that know byte layouts ({@code wal}, {@code segment},
 * {@code partition}, {@code index}): a growable output buffer with varints and a bounds-checked
 * reader; and a counting input stream (imports and request bodies report bytes read). No file I/O,
 * no format knowledge.
 */
package dev.sundial.bytes;
