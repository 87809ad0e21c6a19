package io.mtc4j.log.fsck;

import io.mtc4j.spec.note.Checkpoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LogFsck#check} found.
 *
 * @param checkpoint        the checkpoint checked against, if it parsed
 * @param entriesChecked    how many entries were read, parsed and hashed (the checkpoint's size when complete)
 * @param signaturesChecked whether checkpoint signatures were checked (false when no verifier was given)
 * @param findings          every problem found, in the order found (at most a bounded number per kind, then one
 *                          {@link Finding.Kind#MORE_FINDINGS})
 */
public record FsckReport(Optional<Checkpoint> checkpoint, long entriesChecked, boolean signaturesChecked,
        List<Finding> findings) {
    /** Copies the findings. */
    public FsckReport {
        Objects.requireNonNull(checkpoint, "checkpoint");
        findings = List.copyOf(findings);
    }

    /** True iff nothing was found. */
    public boolean ok() {
        return findings.isEmpty();
    }
}
