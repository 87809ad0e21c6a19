package io.mtc4j.conformance.rpcmd;

import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.TrustedSubtreesFile;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --out} trusted subtrees file of the commands that run landmark updater rounds ({@code mtc rp update},
 * {@code mtc bootstrap check}): the logs' updater states read from it, one log's state replaced after a round, the
 * other logs' states kept ({@link TrustedSubtreesFile}).
 */
public final class TrustedSubtreesOut {
    private final Path file;
    private final List<LandmarkState> states;

    private TrustedSubtreesOut(Path file, List<LandmarkState> states) {
        this.file = file;
        this.states = states;
    }

    /**
     * Reads the updater states in {@code file}; none if it does not exist.
     *
     * @param file the {@code --out} file
     * @return the file's states
     * @throws IOException if it cannot be read
     * @throws MtcParseException (naming {@code --out FILE}) if it is not a trusted subtrees file
     */
    public static TrustedSubtreesOut read(Path file) throws IOException {
        List<LandmarkState> states = new ArrayList<>();
        if (Files.exists(file)) {
            try {
                states.addAll(TrustedSubtreesFile.readStates(Files.readAllBytes(file)));
            } catch (MtcParseException e) {
                throw e.within("--out " + file);
            }
        }
        return new TrustedSubtreesOut(file, states);
    }

    /**
     * The state of one log, what its next round checks against.
     *
     * @param caId      the CA's ID
     * @param logNumber the log's number
     * @return the log's state, empty if the file has none
     */
    public Optional<LandmarkState> state(TrustAnchorId caId, int logNumber) {
        return states.stream().filter(s -> s.caId().equals(caId) && s.logNumber() == logNumber).findFirst();
    }

    /**
     * Replaces the state of {@code next}'s log with {@code next} and writes the file atomically.
     *
     * @param next the log's state after a round
     * @throws IOException if the file cannot be written
     */
    public void replace(LandmarkState next) throws IOException {
        state(next.caId(), next.logNumber()).ifPresent(states::remove);
        states.add(next);
        TrustedSubtreesFile.write(file, states);
    }
}
