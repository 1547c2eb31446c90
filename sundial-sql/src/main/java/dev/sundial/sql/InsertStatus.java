package dev.sundial.sql;

import dev.sundial.WriteResult;

/**
 * The status of an {@code INSERT}: PostgreSQL's {@code INSERT 0 n}, followed, when some rows
 * replaced a row of the same series and timestamp (writes are upserts), by how many were new and
 * how many replaced one: {@code INSERT 0 4: 2 new, 2 replaced} — the wording of
 * {@code sundial import}'s summary ({@code imported 4 rows: 2 new, 2 replaced}). The PostgreSQL
 * wire protocol sends the bare {@code INSERT 0 n} tag, which drivers parse. Stateless.
 */
final class InsertStatus {
    private InsertStatus() {
    }

    static String of(WriteResult w) {
        String tag = "INSERT 0 " + w.rowsWritten();
        return w.rowsReplaced() == 0 ? tag : tag + ": " + w.rowsNew() + " new, " + w.rowsReplaced() + " replaced";
    }
}
