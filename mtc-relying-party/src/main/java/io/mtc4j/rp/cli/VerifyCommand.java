package io.mtc4j.rp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.ConfigLoader;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.subtrees.TrustedSubtreesFile;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.Step;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.codec.JsonIntegers;
import io.mtc4j.spec.der.CertificateReader;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtc verify}: verifies Merkle Tree Certificates as a relying party (draft §"Verifying Certificate
 * Signatures" plus validity, usage and host checks) and prints one verdict line per certificate. Exit status 0
 * only if every certificate is valid, 1 if any is invalid, 2 for usage or input errors.
 */
public final class VerifyCommand implements Command {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "verify Merkle Tree Certificates as a relying party";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc verify --ca ca.pem [--ca ...] [--config rp.json] [--trusted-subtrees FILE]",
                "                  [--time T] [--host NAME] [--profile P] [--signature-only] [--json] cert.pem...",
                "",
                "  --ca FILE               CA certificate (PEM or DER): CA ID, hash, CA cosigner, min/maxSerial;",
                "                          policy \"CA cosigner required\" unless --config says otherwise",
                "  --config FILE           relying-party JSON (extra cosigners, policy, trusted subtrees, revoked",
                "                          ranges, profile) for one or more CAs; replaces --ca entries of the same ID",
                "  --trusted-subtrees FILE trusted subtrees: a pre-validated list or landmark evidence (landmarks,",
                "                          reference checkpoint, cosignatures, subtree consistency proofs)",
                "  --time T                verification time, RFC 3339 (2025-01-01T00:00:00Z) or Unix seconds;",
                "                          default now",
                "  --host NAME             DNS name or IP address the certificate must be valid for",
                "  --profile P             wire profile of --ca certificates (default " + Profile.current() + ")",
                "  --signature-only        only the draft's signature procedure plus validity (no usage checks)",
                "  --json                  one JSON document instead of verdict lines",
                "",
                "Output: '<file>: valid path=signatures cosigners=ID,...' (or path=trusted_subtree) or",
                "'<file>: invalid step=STEP: reason', STEP in lower case as in --json and the test vectors.",
                "Exit status: 0 all valid, 1 some invalid, 2 usage or input error.");
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argList, Set.of("--json", "--signature-only"),
                Set.of("--ca", "--config", "--trusted-subtrees", "--time", "--host", "--profile"));
        List<String> certs = args.positional();
        if (certs.isEmpty()) {
            throw new UsageException("no certificate given");
        }
        if (args.values("--ca").isEmpty() && args.value("--config").isEmpty()) {
            throw new UsageException("give --ca or --config");
        }
        Profile profile = args.value("--profile").map(Profile::fromName).orElse(Profile.current());
        List<CaConfig> cas = new ArrayList<>();
        for (String ca : args.values("--ca")) {
            cas.add(CaCertificates.read(Path.of(ca), profile));
        }
        RelyingPartyConfig config;
        try {
            config = new RelyingPartyConfig(cas);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException("--ca", e.getMessage());
        }
        if (args.value("--config").isPresent()) {
            RelyingPartyConfig file = ConfigLoader.load(Path.of(args.value("--config").get()), CaCertificates::read);
            for (CaConfig c : file.cas()) {
                config = config.withCa(c);
            }
        }
        if (args.value("--trusted-subtrees").isPresent()) {
            config = TrustedSubtreesFile.apply(Files.readAllBytes(Path.of(args.value("--trusted-subtrees").get())),
                    config);
        }
        Instant time = args.value("--time").map(VerifyCommand::parseTime).orElseGet(Instant::now);
        Optional<HostMatcher.Reference> host = args.value("--host").map(HostMatcher::parseReference);
        MtcVerifier verifier = new MtcVerifier(config, args.flag("--signature-only")
                ? LeafChecks.Options.validityOnly() : LeafChecks.Options.tlsServer());

        boolean allValid = true;
        boolean needsSubtrees = false;
        ObjectMapper json = new ObjectMapper();
        ArrayNode results = json.createArrayNode();
        for (String file : certs) {
            List<byte[]> ders;
            try {
                ders = CertificateReader.readAll(Path.of(file));
            } catch (MtcParseException e) {
                throw e.within(file);
            }
            for (int i = 0; i < ders.size(); i++) {
                String label = ders.size() == 1 ? file : file + "#" + (i + 1);
                VerificationResult r = host.isPresent() ? verifier.verify(ders.get(i), time, host.get())
                        : verifier.verify(ders.get(i), time);
                // a proof without cosignatures that failed step 12: no trusted subtree matched it in step 11
                needsSubtrees |= r.failedStep().equals(Optional.of(Step.COSIGNATURES))
                        && r.details().cosignerNotes().isEmpty();
                allValid &= r.isValid();
                if (args.flag("--json")) {
                    results.add(toJson(json, label, r));
                } else {
                    out.println(label + ": " + r.verdict());
                }
            }
        }
        if (args.flag("--json")) {
            ObjectNode doc = json.createObjectNode();
            doc.put("time", time.toString());
            host.ifPresent(h -> doc.put("host", h.text()));
            doc.put("all_valid", allValid);
            doc.set("results", results);
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        }
        if (needsSubtrees) {
            err.println("mtc verify: landmark-relative certificates verify only against trusted subtrees: give"
                    + " --trusted-subtrees FILE (or \"trusted_subtrees\" in --config) with the CA's landmarks");
        }
        return allValid ? 0 : 1;
    }

    private static ObjectNode toJson(ObjectMapper json, String file, VerificationResult r) {
        ObjectNode o = json.createObjectNode();
        o.put("file", file);
        o.put("valid", r.isValid());
        r.failedStep().ifPresent(s -> o.put("step", s.wireName()));
        o.put("message", r.message());
        r.path().ifPresent(p -> o.put("path", p.wireName()));
        ArrayNode cs = o.putArray("cosigners");
        r.satisfiedBy().forEach(id -> cs.add(id.ascii()));
        VerificationResult.Details d = r.details();
        d.caId().map(TrustAnchorId::ascii).ifPresent(v -> o.put("ca_id", v));
        d.serial().ifPresent(v -> o.set("serial", JsonIntegers.node(v)));
        d.logNumber().ifPresent(v -> o.put("log_number", v));
        d.index().ifPresent(v -> o.set("index", JsonIntegers.node(v)));
        d.start().ifPresent(v -> o.set("start", JsonIntegers.node(v)));
        d.end().ifPresent(v -> o.set("end", JsonIntegers.node(v)));
        ArrayNode notes = o.putArray("signatures");
        d.cosignerNotes().forEach(notes::add);
        return o;
    }

    static Instant parseTime(String t) {
        if (t.matches("0|[1-9][0-9]{0,17}")) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new UsageException("--time: '" + t + "' is neither RFC 3339 (2025-01-01T00:00:00Z) nor Unix seconds");
        }
    }
}
