package io.mtc4j.log.sequencer;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import java.util.Set;

/**
 * An encoded MTCLogEntry that passed the entry rules of the sequencer's step 1 ({@link Sequencer#checkEntry}),
 * with its parsed value: whoever accepts entries ahead of the sequencer (a CA's pending pool) checks each once and
 * appends it with {@link Sequencer#appendEntries}, which does not parse it again. Made only by {@link #check}.
 * Immutable.
 */
public final class CheckedEntry {
    private final byte[] encoded;
    private final MtcLogEntry entry;
    private final Profile profile;

    private CheckedEntry(byte[] encoded, MtcLogEntry entry, Profile profile) {
        this.encoded = encoded;
        this.entry = entry;
        this.profile = profile;
    }

    /**
     * Applies the entry rules of step 1 to entry {@code i} ({@link Sequencer#checkEntry}).
     *
     * @param i              the entry's index within its batch (named in the error)
     * @param encoded        the encoded entry (copied)
     * @param profile        the MTCLogEntry layout
     * @param extensionTypes the entry extension types accepted
     * @return the checked entry
     * @throws InvalidEntryException naming the entry's index and the rule
     */
    public static CheckedEntry check(int i, byte[] encoded, Profile profile, Set<Integer> extensionTypes) {
        byte[] copy = encoded.clone();
        return new CheckedEntry(copy, Sequencer.parseEntry(i, copy, profile, extensionTypes), profile);
    }

    /** @return the parsed entry */
    public MtcLogEntry entry() {
        return entry;
    }

    /** @return the encoded entry (a copy) */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** @return the number of encoded bytes */
    public int size() {
        return encoded.length;
    }

    /** The encoded bytes, not copied: the sequencer only reads them. */
    byte[] bytes() {
        return encoded;
    }

    /** Whether a log of {@code logProfile} accepting {@code extensionTypes} takes this entry as checked. */
    void requireAcceptedBy(int i, Profile logProfile, Set<Integer> extensionTypes) {
        if (profile != logProfile) {
            throw new InvalidEntryException(i, InvalidEntryException.Rule.MALFORMED, "checked as an MTCLogEntry in "
                    + profile + ", the log's profile is " + logProfile, null);
        }
        checkExtensionTypes(i, entry, extensionTypes);
    }

    /** Step 1: every extension type of entry {@code i} is one the log accepts. */
    static void checkExtensionTypes(int i, MtcLogEntry entry, Set<Integer> extensionTypes) {
        for (EntryExtension x : entry.extensions()) {
            if (!extensionTypes.contains(x.type())) {
                throw new InvalidEntryException(i, InvalidEntryException.Rule.UNKNOWN_EXTENSION, "extension type "
                        + x.type() + " is not accepted by this log (the draft defines none)", null);
            }
        }
    }

    @Override
    public String toString() {
        return "CheckedEntry[" + entry.type() + ", " + encoded.length + " bytes]";
    }
}
