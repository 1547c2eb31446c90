package dev.sundial.fs;

import java.nio.file.Path;

/**
 * Every file and directory name inside a Sundial data directory, in one place.
 *
 * <pre>
 * DATA_DIR/
 *   LOCK                       exclusive process lock (holds the owner's PID)
 *   catalog.sdc                tables, schemas, options (atomic replace)
 *   wal/wal-&lt;seq&gt;.log                    write-ahead log segments
 *   tables/t&lt;id&gt;/series.sds              series registry: dense id -&gt; tag values (append-only, framed)
 *   tables/t&lt;id&gt;/manifest.sdm             live segments of every partition (atomic replace)
 *   tables/t&lt;id&gt;/p-&lt;start&gt;/seg-&lt;id&gt;.sdseg  immutable segment files (a compacted one may span several partitions)
 *   tables/t&lt;id&gt;/rewrite-&lt;id&gt;.sdrw        commit record of a delete or compaction, until the replaced files are gone
 *   tables/t&lt;id&gt;/rollup/state.sdr        rollup levels: built-through marks and dirty ranges (atomic replace)
 *   tables/t&lt;id&gt;/rollup/l-&lt;level&gt;/      one rollup level: manifest.sdm and p-&lt;start&gt;/seg-&lt;id&gt;.sdseg, as a table
 *   quarantine/                damaged files moved aside on open, with a reason file
 *   auth/tokens.sdtk           API tokens of the server: names, scopes, SHA-256 of the secrets (atomic replace)
 *   auth/tokens.lock           serializes writers of tokens.sdtk ({@code sundial token} beside a running server)
 *   auth/users.sduser          pgwire users: names, scopes, SCRAM-SHA-256 verifiers of the passwords (atomic replace)
 *   auth/users.lock            serializes writers of users.sduser ({@code sundial user} beside a running server)
 * </pre>
 */
public final class DataDirectoryLayout {
    public static final String LOCK_FILE = "LOCK";
    public static final String CATALOG_FILE = "catalog.sdc";
    public static final String WAL_DIR = "wal";
    public static final String WAL_SEGMENT_PREFIX = "wal-";
    public static final String WAL_SEGMENT_SUFFIX = ".log";
    public static final String TABLES_DIR = "tables";
    public static final String TABLE_DIR_PREFIX = "t";
    public static final String SERIES_FILE = "series.sds";
    public static final String MANIFEST_FILE = "manifest.sdm";
    public static final String PARTITION_PREFIX = "p-";
    public static final String SEGMENT_PREFIX = "seg-";
    public static final String SEGMENT_SUFFIX = ".sdseg";
    public static final String TEMP_SUFFIX = ".tmp";
    public static final String REWRITE_PREFIX = "rewrite-";
    public static final String REWRITE_SUFFIX = ".sdrw";
    public static final String QUARANTINE_DIR = "quarantine";
    public static final String ROLLUP_DIR = "rollup";
    public static final String ROLLUP_STATE_FILE = "state.sdr";
    public static final String ROLLUP_LEVEL_PREFIX = "l-";
    public static final String AUTH_DIR = "auth";
    public static final String TOKENS_FILE = "tokens.sdtk";
    public static final String TOKENS_LOCK_FILE = "tokens.lock";
    public static final String USERS_FILE = "users.sduser";
    public static final String USERS_LOCK_FILE = "users.lock";

    private final Path root;
    private final FileLayer fs;
    /** Null for the raw tables; else the rollup level whose files this layout names ({@link #forRollupLevel}). */
    private final String level;

    /** The layout of {@code root} on the real file system. */
    public DataDirectoryLayout(Path root) {
        this(root, FileLayer.REAL);
    }

    /** The layout of {@code root}, whose files are reached through {@code fs}. */
    public DataDirectoryLayout(Path root, FileLayer fs) {
        this(root, fs, null);
    }

    private DataDirectoryLayout(Path root, FileLayer fs, String level) {
        this.root = root;
        this.fs = fs;
        this.level = level;
    }

    /**
     * The layout of a rollup level's files: the same names as a table's (manifest, partitions,
     * segments), under {@code tables/t<id>/rollup/l-<level>/}, so a level is stored, recovered and
     * checked by the table machinery. Its series registry is the raw table's.
     */
    public DataDirectoryLayout forRollupLevel(String levelName) {
        if (level != null) {
            throw new IllegalStateException("BUG: a rollup level of rollup level " + level);
        }
        return new DataDirectoryLayout(root, fs, levelName);
    }

    /** The rollup level this layout names, or null for raw tables. */
    public String rollupLevel() {
        return level;
    }

    /** Directory of a table's rollup levels and their state file. */
    public Path rollupDir(int tableId) {
        return rawTableDir(tableId).resolve(ROLLUP_DIR);
    }

    public Path rollupStateFile(int tableId) {
        return rollupDir(tableId).resolve(ROLLUP_STATE_FILE);
    }

    /**
     * Whether the root holds a Sundial database: a directory with a catalog, a WAL or a tables
     * directory (any one of them, so that a database whose catalog was lost still counts and can be
     * opened, checked and repaired). Looks without creating or changing anything: commands that
     * only read refuse a directory without a database instead of creating an empty one there.
     */
    public boolean holdsDatabase() {
        return fs.isDirectory(root) && (fs.exists(catalogFile()) || fs.isDirectory(walDir()) || fs.isDirectory(tablesDir()));
    }

    public Path root() {
        return root;
    }

    /** The file layer every operation on this directory goes through. */
    public FileLayer fs() {
        return fs;
    }

    public Path lockFile() {
        return root.resolve(LOCK_FILE);
    }

    public Path catalogFile() {
        return root.resolve(CATALOG_FILE);
    }

    public Path walDir() {
        return root.resolve(WAL_DIR);
    }

    public Path quarantineDir() {
        return root.resolve(QUARANTINE_DIR);
    }

    /** The server's API tokens: not part of the database, so not under {@link #LOCK_FILE}'s protection. */
    public Path authDir() {
        return root.resolve(AUTH_DIR);
    }

    public Path tokensFile() {
        return authDir().resolve(TOKENS_FILE);
    }

    public Path tokensLockFile() {
        return authDir().resolve(TOKENS_LOCK_FILE);
    }

    public Path usersFile() {
        return authDir().resolve(USERS_FILE);
    }

    public Path usersLockFile() {
        return authDir().resolve(USERS_LOCK_FILE);
    }

    public Path tablesDir() {
        return root.resolve(TABLES_DIR);
    }

    /** The directory of a table's data: the raw table's, or for a level layout the level's. */
    public Path tableDir(int tableId) {
        Path raw = rawTableDir(tableId);
        return level == null ? raw : raw.resolve(ROLLUP_DIR).resolve(ROLLUP_LEVEL_PREFIX + level);
    }

    private Path rawTableDir(int tableId) {
        return tablesDir().resolve(TABLE_DIR_PREFIX + tableId);
    }

    /** The table id a directory name under {@link #tablesDir()} stands for, or -1 when it names none. */
    public static int tableIdOf(String dirName) {
        if (!dirName.startsWith(TABLE_DIR_PREFIX) || dirName.length() == TABLE_DIR_PREFIX.length()
                || dirName.length() > TABLE_DIR_PREFIX.length() + 9) {
            return -1;
        }
        for (int i = TABLE_DIR_PREFIX.length(); i < dirName.length(); i++) {
            if (dirName.charAt(i) < '0' || dirName.charAt(i) > '9') {
                return -1;
            }
        }
        String digits = dirName.substring(TABLE_DIR_PREFIX.length());
        return digits.length() > 1 && digits.charAt(0) == '0' ? -1 : Integer.parseInt(digits);
    }

    /** The series registry: one per table, shared by its rollup levels. */
    public Path seriesFile(int tableId) {
        return rawTableDir(tableId).resolve(SERIES_FILE);
    }

    public Path manifestFile(int tableId) {
        return tableDir(tableId).resolve(MANIFEST_FILE);
    }

    public Path partitionDir(int tableId, long partitionStartNanos) {
        return tableDir(tableId).resolve(PARTITION_PREFIX + partitionStartNanos);
    }

    /** The commit record of rewrite {@code id} of a table ({@code docs/format/rewrite-record.md}). */
    public Path rewriteRecordFile(int tableId, long id) {
        return tableDir(tableId).resolve(REWRITE_PREFIX + id + REWRITE_SUFFIX);
    }

    public Path segmentFile(int tableId, long partitionStartNanos, long segmentId) {
        return partitionDir(tableId, partitionStartNanos).resolve(SEGMENT_PREFIX + segmentId + SEGMENT_SUFFIX);
    }
}
