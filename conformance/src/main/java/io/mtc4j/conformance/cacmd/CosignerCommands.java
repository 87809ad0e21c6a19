package io.mtc4j.conformance.cacmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.CosignerEndpoint;
import io.mtc4j.ca.CosignerSet;
import io.mtc4j.ca.DurationText;
import io.mtc4j.ca.Durable;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.note.Vkey;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The CA's external cosigners (draft §"Standalone Certificates" steps 4-5, §"Trusted Cosigners"):
 * {@code mtc ca vkey DIR} prints the CA's checkpoint key for witnesses and mirrors, {@code mtc ca add-cosigner}
 * adds a witness or a mirror to {@code ca.json}'s {@code cosigners}, {@code mtc ca rp-config} writes the relying-party
 * configuration that requires the CA and every cosigner set's quorum.
 */
final class CosignerCommands {
    static final String VKEY_USAGE = String.join("\n",
            "       mtc ca vkey DIR",
            "",
            "vkey     prints the signed-note verifier key of the CA's checkpoints (its ML-DSA-44 CA cosigner key,",
            "         named oid/1.3.6.1.4.1.<CA ID>, covering every issuance log): give it to a witness or a mirror",
            "         as --log-key.");
    static final String ADD_USAGE = String.join("\n",
            "       mtc ca add-cosigner DIR --type witness|mirror --url URL --key VKEY [--key VKEY]",
            "                   [--id ID] [--timeout 30s] [--set N] [--quorum K]",
            "",
            "add-cosigner adds a tlog-witness or tlog-mirror to ca.json's cosigners (README 'Run a witness or a",
            "         mirror'): its submission prefix URL, its vkeys as it prints them (the ML-DSA-44 one is required;",
            "         the cosigner ID is their name's oid/1.3.6.1.4.1. suffix unless --id), how long a run waits for",
            "         it. Without --set it forms a new set (each set must reach its quorum); --set N adds it to set N",
            "         (0-based) as a redundant member; --quorum K sets that set's quorum (default 1: the first to",
            "         answer counts). Takes effect at the next 'mtc ca serve'. Prints 'cosigner: ID TYPE URL' and",
            "         'set: N quorum K of M'.");
    static final String RP_USAGE = String.join("\n",
            "       mtc ca rp-config DIR [--out FILE]",
            "",
            "rp-config prints (or writes to FILE) a relying-party configuration for 'mtc verify --config' and",
            "         'mtc rp update --config': the CA by its ca.pem, every configured cosigner's ML-DSA-44 key, and",
            "         the policy the CA's standalone certificates meet: the CA cosigner and each set's quorum.");

    private CosignerCommands() {}

    static int vkey(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of(), Set.of());
        Path dir = oneDir(a, "vkey");
        try {
            out.println(CaKeys.load(dir).caCosignerVkey(CaConfig.read(dir).caId()));
            return 0;
        } catch (CaException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static int add(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of(), Set.of("--type", "--url", "--key", "--id", "--timeout", "--set",
                "--quorum"));
        Path dir = oneDir(a, "add-cosigner");
        String t = a.value("--type").orElseThrow(() -> new UsageException("missing --type witness|mirror"));
        CosignerEndpoint.Type type = switch (t) {
            case "witness" -> CosignerEndpoint.Type.WITNESS;
            case "mirror" -> CosignerEndpoint.Type.MIRROR;
            default -> throw new UsageException("--type: must be witness or mirror, got " + t);
        };
        String url = a.value("--url").orElseThrow(() -> new UsageException("missing --url URL"));
        List<String> keys = a.values("--key");
        if (keys.isEmpty()) {
            throw new UsageException("missing --key VKEY (the cosigner's vkeys as it prints them)");
        }
        TrustAnchorId id;
        try {
            id = TrustAnchorId.parse(a.value("--id").orElseGet(() -> idOf(keys.get(0))));
        } catch (MtcException | IllegalArgumentException e) {
            throw new UsageException("--id: " + e.getMessage());
        }
        Duration timeout;
        try {
            timeout = a.value("--timeout").map(DurationText::parse).orElse(CosignerEndpoint.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timeout: " + e.getMessage());
        }
        CosignerEndpoint e;
        try {
            e = new CosignerEndpoint(type, URI.create(url), id, keys, timeout);
        } catch (IllegalArgumentException x) {
            throw new UsageException(x.getMessage());
        }
        try {
            CaConfig c = CaConfig.read(dir);
            List<CosignerSet> sets = new ArrayList<>(c.cosigners());
            int set;
            if (a.value("--set").isPresent()) {
                set = integer(a, "--set");
                if (set < 0 || set >= sets.size()) {
                    throw new UsageException("--set: ca.json has " + sets.size() + " cosigner sets (0-based), got "
                            + set);
                }
                List<CosignerEndpoint> members = new ArrayList<>(sets.get(set).members());
                members.add(e);
                sets.set(set, new CosignerSet(a.value("--quorum").isPresent() ? integer(a, "--quorum")
                        : sets.get(set).quorum(), members));
            } else {
                set = sets.size();
                sets.add(new CosignerSet(a.value("--quorum").isPresent() ? integer(a, "--quorum") : 1, List.of(e)));
            }
            CaConfig next = c.withCosigners(sets);
            Durable.write(dir.resolve(CaConfig.FILE), next.toJson());
            CosignerSet s = sets.get(set);
            out.println("cosigner: " + id + " " + type.jsonName() + " " + e.url());
            out.println("set: " + set + " quorum " + s.quorum() + " of " + s.members().size());
            return 0;
        } catch (CaException x) {
            err.println("error: " + x.getMessage());
            return 1;
        } catch (IllegalArgumentException x) {
            throw new UsageException(x.getMessage());
        }
    }

    static int rpConfig(List<String> argv, PrintStream out, PrintStream err) throws java.io.IOException {
        Args a = Args.parse(argv, Set.of(), Set.of("--out"));
        Path dir = oneDir(a, "rp-config");
        CaConfig c;
        try {
            c = CaConfig.read(dir);
        } catch (CaException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        byte[] json = relyingPartyConfig(dir, c);
        if (a.value("--out").isPresent()) {
            Path f = Path.of(a.value("--out").get());
            java.nio.file.Files.write(f, json);
            out.println("rp-config: " + f);
        } else {
            out.print(new String(json, StandardCharsets.UTF_8));
        }
        return 0;
    }

    /**
     * The relying-party JSON (mtc-relying-party's ConfigLoader format) for the CA in {@code dir}: its ca.pem, every
     * cosigner with its ML-DSA-44 SubjectPublicKeyInfo, and the policy {@code all(ca, threshold(k, set)...)}.
     */
    static byte[] relyingPartyConfig(Path dir, CaConfig c) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ObjectNode ca = root.putArray("cas").addObject();
        ca.put("ca_certificate", dir.toAbsolutePath().resolve(CertificationAuthority.CA_PEM).toString());
        ArrayNode cosigners = ca.putArray("cosigners");
        ArrayNode all = m.createArrayNode();
        all.addObject().put("cosigner", "ca");
        for (CosignerSet s : c.cosigners()) {
            ObjectNode th = all.addObject().put("threshold", s.quorum());
            ArrayNode of = th.putArray("of");
            for (CosignerEndpoint e : s.members()) {
                cosigners.addObject().put("id", e.id().toString()).put("algorithm", "mldsa44").put("public_key",
                        HexFormat.of().formatHex(e.cosigner().verifier().publicKeySpki()));
                of.add(e.id().toString());
            }
        }
        ca.putObject("policy").set("all", all);
        try {
            return (m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String idOf(String vkey) {
        String name;
        try {
            name = Vkey.parse(vkey).name();
        } catch (MtcException | IllegalArgumentException e) {
            throw new UsageException("--key: not a signed-note verifier key: " + e.getMessage());
        }
        String prefix = "oid/1.3.6.1.4.1.";
        if (!name.startsWith(prefix)) {
            throw new UsageException("--key: named " + name + ", not oid/1.3.6.1.4.1.<ID>: give --id");
        }
        return name.substring(prefix.length());
    }

    private static int integer(Args a, String flag) {
        String v = a.value(flag).orElseThrow();
        if (!v.matches("0|[1-9][0-9]{0,8}")) {
            throw new UsageException(flag + ": must be a non-negative decimal, got " + v);
        }
        return Integer.parseInt(v);
    }

    private static Path oneDir(Args a, String cmd) {
        if (a.positional().size() != 1) {
            throw new UsageException(cmd + " takes one DIR, got " + a.positional());
        }
        return Path.of(a.positional().get(0));
    }
}
