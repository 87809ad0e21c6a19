package io.mtc4j.log.monitor;

/** What a running monitor reports besides alerts: progress, authorized matches, notes and errors. */
public interface MonitorListener {
    /**
     * Entries read so far in the current catch-up of a log.
     *
     * @param origin the log
     * @param done   entries read in this catch-up
     * @param total  entries to read in this catch-up
     */
    default void progress(String origin, long done, long total) {}

    /**
     * A rule match under an authorized key: recorded, not alerted.
     *
     * @param logNumber the log number
     * @param index     the entry index
     * @param finding   the match
     */
    default void authorized(int logNumber, long index, Finding finding) {}

    /**
     * Something worth a line in the log (a log found, a checkpoint verified).
     *
     * @param message the message
     */
    default void note(String message) {}

    /**
     * A log or cosigner could not be read or checked; the monitor goes on with the others.
     *
     * @param message what failed, naming the check and the URL or path
     */
    default void error(String message) {}

    /** A listener that ignores everything. */
    static MonitorListener none() {
        return new MonitorListener() {};
    }
}
