package io.mtc4j.spec;

import java.util.Arrays;
import java.util.List;

/**
 * A wire profile: the byte layout of one draft revision. Nothing in the bytes says which profile they follow,
 * so every parser and encoder takes one explicitly (MTC-NOTES §6). Names match the draft authors' generator.
 */
public enum Profile {
    /** draft-davidben-tls-merkle-tree-certs-09: u64 start/end, entry is a whole DER SEQUENCE, serial = index. */
    DAVIDBEN_09("davidben-09"),
    /** draft-davidben-10 and plants-00: entry holds TBSCertificateLogEntry contents octets, no SPKI algorithm. */
    DAVIDBEN_10("davidben-10"),
    /** draft-ietf-plants-01: as davidben-10. */
    PLANTS_01("plants-01"),
    /** draft-ietf-plants-02/-03: entry adds subjectPublicKeyAlgorithm. */
    PLANTS_02("plants-02"),
    /** draft-ietf-plants-04: entry/proof extensions, u48 start/end, sorted cosigners, serial = log &lt;&lt; 48 | index. */
    PLANTS_04("plants-04"),
    /** draft-ietf-plants-05 plus the editor's copy (d7362d6): the current layout and the default. */
    PLANTS_05("plants-05");

    /** The commit of draft-ietf-plants-merkle-tree-certs (editor's copy) that {@link #PLANTS_05} tracks. */
    public static final String DRAFT_REVISION = "d7362d6";

    private final String wireName;

    Profile(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The current profile.
     *
     * @return the current profile
     */
    public static Profile current() {
        return PLANTS_05;
    }

    /**
     * The name used by the draft authors' generator, e.g. {@code "plants-05"}.
     *
     * @return the name used by the draft authors' generator, e.g
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Looks a profile up by its generator name.
     *
     * @param name the name
     * @return the new {@code Profile}
     */
    public static Profile fromName(String name) {
        for (Profile p : values()) {
            if (p.wireName.equals(name)) {
                return p;
            }
        }
        throw new MtcParseException("profile", "unknown profile '" + name + "'; known: " + names());
    }

    /**
     * All generator names, oldest first.
     *
     * @return all generator names, oldest first
     */
    public static List<String> names() {
        return Arrays.stream(values()).map(Profile::wireName).toList();
    }

    /**
     * True from plants-04 on: MTCLogEntry/MTCProof carry extensions, start/end are uint48, cosigners sorted.
     *
     * @return {@code true} from plants-04 on: MTCLogEntry/MTCProof carry extensions, start/end are uint48, cosigners sorted
     */
    public boolean hasExtensions() {
        return ordinal() >= PLANTS_04.ordinal();
    }

    /**
     * True from plants-02 on: TBSCertificateLogEntry carries subjectPublicKeyAlgorithm.
     *
     * @return {@code true} from plants-02 on: TBSCertificateLogEntry carries subjectPublicKeyAlgorithm
     */
    public boolean hasSubjectPublicKeyAlgorithm() {
        return ordinal() >= PLANTS_02.ordinal();
    }

    /**
     * True only for davidben-09: the entry is the whole DER SEQUENCE rather than its contents octets.
     *
     * @return {@code true} only for davidben-09: the entry is the whole DER SEQUENCE rather than its contents octets
     */
    public boolean entryIsSequence() {
        return this == DAVIDBEN_09;
    }

    /**
     * True from plants-04 on: serial = log_number &lt;&lt; 48 | index and the issuer is the CA ID.
     *
     * @return {@code true} from plants-04 on: serial = log_number &lt;&lt; 48 | index and the issuer is the CA ID
     */
    public boolean serialHasLogNumber() {
        return ordinal() >= PLANTS_04.ordinal();
    }

    /**
     * True only for the current profile (editor's copy): empty subtrees [x, x) are valid.
     *
     * @return {@code true} only for the current profile (editor's copy): empty subtrees [x, x) are valid
     */
    public boolean allowsEmptySubtrees() {
        return this == PLANTS_05;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
