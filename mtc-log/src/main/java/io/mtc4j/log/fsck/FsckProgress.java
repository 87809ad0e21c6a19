package io.mtc4j.log.fsck;

/** Progress of a {@link LogFsck#check}: called after each entry bundle, from the checking thread. */
@FunctionalInterface
public interface FsckProgress {
    /** No progress reports. */
    FsckProgress NONE = (checked, total) -> {};

    /** {@code checked} of {@code total} entries (the checkpoint's size) have been checked. */
    void entriesChecked(long checked, long total);
}
