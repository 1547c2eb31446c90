package dev.sundial.fs;

/**
 * One mutating file operation as {@link CrashRecordingFileLayer} logged it: by inode (see
 * {@link InodeTree}), with the path it had at the time for messages. Operations are numbered from 1
 * in log order; a sync {@code covers} every operation numbered below its {@code covers} value (those
 * logged before the fsync started), not the ones that raced with it.
 */
sealed interface RecordedOp {
    /** A short description for test failure messages ("rename wal-5.log.tmp -&gt; wal-5.log"). */
    String describe();

    /** A new file or directory named {@code name} in {@code dir}. */
    record Create(int dir, String name, int inode, boolean directory, String path) implements RecordedOp {
        @Override
        public String describe() {
            return (directory ? "mkdir " : "create ") + path;
        }
    }

    /** {@code bytes} written at {@code position} of a file. */
    record Write(int inode, long position, byte[] bytes, String path) implements RecordedOp {
        @Override
        public String describe() {
            return "write " + path + " [offset=" + position + ", length=" + bytes.length + "]";
        }
    }

    /** A file cut to {@code size} bytes (only recorded when it shrinks). */
    record Truncate(int inode, long size, String path) implements RecordedOp {
        @Override
        public String describe() {
            return "truncate " + path + " to " + size + " bytes";
        }
    }

    /** fsync of a file: its content as of the operations it covers is durable. */
    record SyncFile(int inode, int covers, String path) implements RecordedOp {
        @Override
        public String describe() {
            return "fsync " + path;
        }
    }

    /** {@code inode} moved from its name in {@code fromDir} to {@code toName} in {@code toDir}, replacing what was there. */
    record Rename(int inode, int fromDir, int toDir, String toName, String fromPath, String toPath) implements RecordedOp {
        @Override
        public String describe() {
            return "rename " + fromPath + " -> " + toPath;
        }
    }

    /** The name of {@code inode} removed from {@code dir}. */
    record Delete(int inode, int dir, boolean directory, String path) implements RecordedOp {
        @Override
        public String describe() {
            return (directory ? "rmdir " : "delete ") + path;
        }
    }

    /** fsync of a directory: the creates, renames and deletes in it that it covers are durable. */
    record SyncDirectory(int dir, int covers, String path) implements RecordedOp {
        @Override
        public String describe() {
            return "fsync directory " + path;
        }
    }
}
