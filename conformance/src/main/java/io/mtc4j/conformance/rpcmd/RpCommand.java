package io.mtc4j.conformance.rpcmd;

import io.mtc4j.conformance.cli.CommandGroup;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.ConfigLoader;
import io.mtc4j.rp.policy.TextPolicy;
import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.LandmarkUpdateException;
import io.mtc4j.rp.subtrees.LandmarkUpdater;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtc rp update}: one round of the relying party's landmark updater (draft §"Trusted Subtrees") against a
 * CA's log, persisted to the trusted subtrees file that {@code mtc verify --trusted-subtrees} reads.
 */
public final class RpCommand extends CommandGroup {
    static final String USAGE = String.join("\n",
            "usage: mtc rp update --ca ca.pem --url URL|DIR --out trusted-subtrees.json [--log N] [--policy FILE]",
            "                     [--config rp.json] [--max-active-landmarks N] [--profile P] [--timeout-ms N]",
            "                     [--mirror URL|DIR ...] [--mirrors-first]",
            "",
            "update   one round of the landmark updater (draft \"Trusted Subtrees\"): fetches log N's landmarks and its",
            "         checkpoint, checks the checkpoint's cosignatures against the policy, its consistency with the",
            "         state already in --out (no rollback, no fork) and the landmarks against both (append-only, no",
            "         shrinking window), validates every active landmark subtree with a subtree consistency proof",
            "         from the verified tiles, and replaces log N's entry in --out atomically. Other logs' entries",
            "         in --out are kept.",
            "  --url URL|DIR           the CA prefix URL ('log: URL' of mtc log serve) or log directory; log N is",
            "                          read at URL/N (mtc-tlog)",
            "  --log N                 the log number (default 1)",
            "  --policy FILE           cosigner policy text (tlog-policy style, see README); default: the CA",
            "                          cosigner; other cosigners' keys come from --config",
            "  --config FILE           relying-party JSON as for mtc verify (cosigner keys, policy)",
            "  --max-active-landmarks N  the CA's max_active_landmarks: refuse more active landmarks, and fewer",
            "                          than min(N, last_landmark)",
            "  --mirror URL|DIR        a mirror's monitoring prefix (C2SP tlog-mirror; repeatable): its copy of the",
            "                          log is read at URL/<hex sha256(origin)>; the checkpoint and tiles come from",
            "                          the mirrors, in order, when the CA's log cannot prove the state (unreachable,",
            "                          behind, or without the cosignatures the policy requires, e.g. a mirror's);",
            "                          the landmarks always from the CA; everything checked as for the CA's log. A",
            "                          mirror serving a fork or tiles not matching its checkpoint ends the round",
            "  --mirrors-first         read the mirrors before the CA's log",
            "Output: 'updated: <CA> log <N> checkpoint <size> landmarks <first>..<last> subtrees <count>',",
            "'landmark_group: <CA>.2.<N>.<L>', 'out: FILE'. A refused round prints",
            "'refused: <reason>: <detail>' and leaves --out unchanged; reasons: unavailable, no-landmarks,",
            "malformed-landmarks, bad-checkpoint, policy-not-met, rollback, fork, inconsistent-landmarks, window-shrank.",
            "Exit status: 0 updated, 1 refused, 2 usage or input error.");

    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public RpCommand() {
        super("rp", "relying party: keep trusted subtrees up to date from a CA's log (rp update)", USAGE,
                Map.of("update", RpCommand::update));
    }

    private static int update(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("--mirrors-first"), Set.of("--ca", "--url", "--out", "--log", "--policy",
                "--config", "--max-active-landmarks", "--profile", "--timeout-ms", "--mirror"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        String caFile = a.value("--ca").orElseThrow(() -> new UsageException("--ca (the CA certificate) is required"));
        String url = a.value("--url").orElseThrow(() -> new UsageException("--url (the CA's log URL or directory)"
                + " is required"));
        Path outFile = Path.of(a.value("--out").orElseThrow(() -> new UsageException("--out FILE is required")));
        int log = (int) number(a, "--log", 1, 0xffff).orElse(1L).longValue();
        Profile profile = a.value("--profile").map(Profile::fromName).orElse(Profile.current());
        Duration timeout = Duration.ofMillis(number(a, "--timeout-ms", 1, Integer.MAX_VALUE).orElse(30_000L));

        CaConfig ca;
        try {
            ca = CaCertificates.read(Path.of(caFile), profile);
        } catch (NoSuchFileException e) {
            throw new UsageException("--ca: no such file " + caFile);
        }
        if (a.value("--config").isPresent()) {
            Optional<CaConfig> c = ConfigLoader.load(Path.of(a.value("--config").get()), CaCertificates::read)
                    .ca(ca.caId());
            if (c.isEmpty()) {
                throw new UsageException("--config holds no CA " + ca.caId());
            }
            ca = c.get();
        }
        if (a.value("--policy").isPresent()) {
            String text = Files.readString(Path.of(a.value("--policy").get()), StandardCharsets.UTF_8);
            try {
                ca = ca.withPolicy(TextPolicy.parse(text, ca.caId()));
            } catch (MtcParseException e) {
                throw e.within("--policy");
            }
        }
        LandmarkUpdater updater = LandmarkUpdater.of(ca, log, transport(url, log, timeout));
        if (!a.values("--mirror").isEmpty()) {
            String at = LandmarkUpdater.mirrorPath(ca.caId().logId(log).tlogName());
            List<LogTransport> mirrors = new ArrayList<>();
            for (String m : a.values("--mirror")) {
                mirrors.add(at(m, at, timeout, "--mirror", "the mirror's copy of log " + log));
            }
            updater = updater.withMirrors(mirrors, a.flag("--mirrors-first") ? LandmarkUpdater.MirrorUse.MIRRORS_FIRST
                    : LandmarkUpdater.MirrorUse.WHEN_LOG_UNAVAILABLE);
        } else if (a.flag("--mirrors-first")) {
            throw new UsageException("--mirrors-first needs --mirror URL|DIR");
        }
        Optional<Long> max = number(a, "--max-active-landmarks", 1, Long.MAX_VALUE);
        if (max.isPresent()) {
            updater = updater.withMaxActiveLandmarks(max.get());
        }

        TrustedSubtreesOut states = TrustedSubtreesOut.read(outFile);
        Optional<LandmarkState> previous = states.state(ca.caId(), log);
        LandmarkState next;
        try {
            next = updater.updateOnce(previous);
        } catch (LandmarkUpdateException e) {
            out.println("refused: " + e.reason().label() + ": " + e.getMessage());
            return 1;
        }
        states.replace(next);
        List<Long> landmarks = next.window().landmarks();
        out.println("updated: " + ca.caId() + " log " + log + " checkpoint " + Long.toUnsignedString(next.checkpoint()
                .size()) + " landmarks " + (landmarks.isEmpty() ? "none" : landmarks.get(0) + ".."
                + landmarks.get(landmarks.size() - 1)) + " subtrees " + next.trustedSubtrees().size());
        next.landmarkGroupId().ifPresent(g -> out.println("landmark_group: " + g));
        out.println("out: " + outFile);
        return 0;
    }

    /** mtc-tlog §"Serving Issuance Logs": log N is at {@code <CA prefix>/N}, over HTTP or in a directory. */
    private static LogTransport transport(String url, int log, Duration timeout) {
        return at(url, Integer.toString(log), timeout, "--url", "the CA's log URL or directory");
    }

    /** {@code <prefix>/<path>} over HTTP, or the directory {@code <prefix>/<path>}. */
    private static LogTransport at(String prefix, String path, Duration timeout, String flag, String what) {
        if (prefix.startsWith("http://") || prefix.startsWith("https://")) {
            try {
                return HttpLogTransport.builder(HttpLogTransport.normalize(prefix) + "/" + path)
                        .connectTimeout(timeout).requestTimeout(timeout).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(flag + ": " + e.getMessage());
            }
        }
        Path dir = Path.of(prefix).resolve(path);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(flag + ": no log directory " + dir + " (give " + what + ")");
        }
        return LogTransport.of(new DirectoryLogObjects(dir), dir.toString());
    }

    private static Optional<Long> number(Args a, String flag, long min, long max) {
        if (a.value(flag).isEmpty()) {
            return Optional.empty();
        }
        String v = a.value(flag).get();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number " + min + ".." + max + ", not '" + v + "'");
        }
        if (n < min || n > max || !Long.toString(n).equals(v)) {
            throw new UsageException(flag + " must be a number " + min + ".." + max + ", not '" + v + "'");
        }
        return Optional.of(n);
    }
}
