package io.mtc4j.rp.verify;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying one certificate: either the {@link Step} that failed and why, or success with the
 * path that established trust ({@link TrustPath#TRUSTED_SUBTREE} or {@link TrustPath#SIGNATURES}) and, for the
 * latter, the cosigners that satisfied the policy. {@link #details()} carries what was learned before the end.
 *
 * @param failedStep   the failed step, empty on success
 * @param message      why it failed, or a one-line summary of success
 * @param path         how the subtree was trusted, on success
 * @param satisfiedBy  the cosigners whose valid signatures met the policy (empty for a trusted subtree)
 * @param details      the certificate's coordinates as far as they were decoded
 */
public record VerificationResult(Optional<Step> failedStep, String message, Optional<TrustPath> path,
        List<TrustAnchorId> satisfiedBy, Details details) {

    /** How the relying party came to trust the subtree the certificate is included in. */
    public enum TrustPath {
        /** draft step 11: (log, start, end) was a trusted subtree with the same hash (landmark-relative). */
        TRUSTED_SUBTREE,
        /** draft step 12: valid cosignatures met the cosigner policy (standalone). */
        SIGNATURES;

        /**
         * The path's one spelling in text and JSON output and in the test vectors.
         *
         * @return the constant's name in lower case: {@code trusted_subtree} or {@code signatures}
         */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What was decoded from the certificate. Each field is present once its step has run.
     *
     * @param caId           the issuer's CA ID
     * @param serial         serialNumber
     * @param logNumber      serial &gt;&gt; 48; empty before plants-04, whose serials carry no log number
     * @param index          serial &amp; (2^48-1); before plants-04 the whole serial
     * @param start          MTCProof start
     * @param end            MTCProof end
     * @param cosignerNotes  per cosignature in the proof: "ID:valid", "ID:invalid" or "ID:ignored" (unknown)
     */
    public record Details(Optional<TrustAnchorId> caId, Optional<BigInteger> serial, Optional<Integer> logNumber,
            Optional<Long> index, Optional<Long> start, Optional<Long> end, List<String> cosignerNotes) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param caId the issuer's CA ID
         * @param serial serialNumber
         * @param logNumber serial &gt;&gt; 48; empty before plants-04, whose serials carry no log number
         * @param index serial &amp; (2^48-1); before plants-04 the whole serial
         * @param start MTCProof start
         * @param end MTCProof end
         * @param cosignerNotes per cosignature in the proof: "ID:valid", "ID:invalid" or "ID:ignored" (unknown)
         */
        public Details {
            cosignerNotes = List.copyOf(cosignerNotes);
        }

        static Details empty() {
            return new Details(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of());
        }
    }

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param failedStep the failed step, empty on success
     * @param message why it failed, or a one-line summary of success
     * @param path how the subtree was trusted, on success
     * @param satisfiedBy the cosigners whose valid signatures met the policy (empty for a trusted subtree)
     * @param details the certificate's coordinates as far as they were decoded
     */
    public VerificationResult {
        Objects.requireNonNull(message, "message");
        satisfiedBy = List.copyOf(satisfiedBy);
        if (failedStep.isPresent() == path.isPresent()) {
            throw new IllegalArgumentException("a result is either a failure or a success with a path");
        }
    }

    static VerificationResult failure(Step step, String message, Details details) {
        return new VerificationResult(Optional.of(step), message, Optional.empty(), List.of(), details);
    }

    static VerificationResult success(TrustPath path, List<TrustAnchorId> satisfiedBy, String message,
            Details details) {
        return new VerificationResult(Optional.empty(), message, Optional.of(path), satisfiedBy, details);
    }

    /**
     * Whether valid.
     *
     * @return whether valid
     */
    public boolean isValid() {
        return failedStep.isEmpty();
    }

    /** One greppable line: {@code valid path=PATH cosigners=ID,...} or {@code invalid step=STEP: message}, with
     * {@link TrustPath#wireName()} and {@link Step#wireName()}.
     *
     * @return one greppable line: {@code valid path=PATH cosigners=ID,...} or {@code invalid step=STEP: message}, with {@link TrustPath#wireName()} and {@link Step#wireName()}
     */
    public String verdict() {
        if (isValid()) {
            return "valid path=" + path.get().wireName()
                    + (satisfiedBy.isEmpty() ? "" : " cosigners=" + String.join(",",
                            satisfiedBy.stream().map(TrustAnchorId::ascii).toList()));
        }
        return "invalid step=" + failedStep.get().wireName() + ": " + message;
    }
}
