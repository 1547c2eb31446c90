package dev.sundial.fs;

/**
 * The kinds of file operation a {@link FaultRule} can target. Each call of the engine counts as
 * exactly one kind: an open that creates the file is {@link #CREATE}, not {@link #OPEN}.
 */
public enum FileOp {
    /** Opening an existing file or directory ({@link FileLayer#open}). */
    OPEN,
    /** Opening with {@code CREATE_NEW}, or with {@code CREATE} when the file does not exist yet. */
    CREATE,
    /** Any read from a channel, including {@code transferTo} and whole-file reads. */
    READ,
    /** Any write to a channel, including {@code transferFrom} and whole-file writes. */
    WRITE,
    /** {@link java.nio.channels.FileChannel#truncate}. */
    TRUNCATE,
    /** fsync of a file: {@link java.nio.channels.FileChannel#force}, {@link FileLayer#syncFile}. */
    FORCE,
    /** {@link FileLayer#move}, hence also {@link FileLayer#rename} and {@link FileLayer#publish}. */
    RENAME,
    /** {@link FileLayer#delete} and {@link FileLayer#deleteIfExists}. */
    DELETE,
    /** {@link FileLayer#createDirectory}, hence each level of {@link FileLayer#createDirectories}. */
    MKDIR,
    /** {@link FileLayer#syncDirectory}. */
    SYNC_DIRECTORY,
    /** {@link FileLayer#list}, hence also walks. */
    LIST
}
