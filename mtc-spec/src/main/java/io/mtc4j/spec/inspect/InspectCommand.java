package io.mtc4j.spec.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.tai.CertificateChainWithProperties;
import io.mtc4j.spec.tai.CertificateProperty;
import io.mtc4j.spec.tai.TrustAnchorRange;
import io.mtc4j.spec.tiles.TilePath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code mtc inspect FILE}: decodes an MTC certificate, MTC CA certificate, log entry, entry bundle or hash tile
 * (PEM or DER/binary) and prints every field, like {@code openssl x509 -text}, plus the decoded MTCProof and the
 * serial split into log number and index. The profile is explicit ({@code --profile}, default plants-05);
 * nothing is guessed from the bytes except which kind of file it is.
 */
public final class InspectCommand implements Command {
    private static final Pattern TILE = Pattern.compile("(?:^|/)tile/(\\d+)/((?:x\\d{3}/)*\\d{3})(?:\\.p/\\d+)?$");
    private static final Pattern BUNDLE = Pattern.compile("(?:^|/)tile/entries/((?:x\\d{3}/)*\\d{3})(?:\\.p/\\d+)?$");
    private static final Pattern LANDMARKS = Pattern.compile("\\d+ \\d+\n(\\d+\n)+");
    private static final List<String> TYPES = List.of("auto", "cert", "ca", "entry", "bundle", "tile", "checkpoint",
            "landmarks", "trusted-subtrees", "rp-config");
    /** What {@code auto} recognises, as the refusal of an unidentifiable file lists it. */
    static final String KNOWN = "MTC certificate (cert), MTC CA certificate (ca), MTCLogEntry (entry), entry bundle"
            + " (bundle, by its tile/entries/ path), hash tile (tile, by its tile/L/N path), checkpoint, landmarks file"
            + " (landmarks), trusted-subtrees JSON (trusted-subtrees), relying-party configuration JSON (rp-config)";

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "decode and print a certificate, CA certificate, log entry, checkpoint, landmarks, tile or bundle";
    }

    @Override
    public String usage() {
        return """
                usage: mtc inspect FILE [--profile NAME] [--type TYPE] [--hash-size N] [--json]

                  FILE          PEM or DER certificate, MTCLogEntry, checkpoint, landmarks file,
                                tile/entries/<N> bundle, tile/<L>/<N>, trusted-subtrees or --config JSON
                  --profile     wire profile: %s (default plants-05)
                  --type        auto (default), cert, ca, entry, bundle, tile, checkpoint, landmarks,
                                trusted-subtrees, rp-config; auto refuses a file it cannot identify
                  --hash-size   HASH_SIZE of the CA's log hash in bytes (default 32, SHA-256)
                  --json        print JSON instead of text
                Exit status: 0 decoded, 2 malformed input or usage error."""
                .formatted(String.join(", ", Profile.names()));
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, Set.of("--json"), Set.of("--profile", "--type", "--hash-size"));
        if (args.positional().size() != 1) {
            throw new UsageException("expected exactly one FILE");
        }
        Profile profile = Profile.fromName(args.value("--profile").orElse(Profile.current().wireName()));
        String type = args.value("--type").orElse("auto");
        if (!TYPES.contains(type)) {
            throw new UsageException("unknown --type " + type + "; known: " + TYPES);
        }
        int hashSize;
        try {
            hashSize = Integer.parseInt(args.value("--hash-size").orElse("32"));
        } catch (NumberFormatException e) {
            throw new UsageException("--hash-size needs a number");
        }
        if (hashSize < 1 || hashSize > 127) {
            throw new UsageException("--hash-size must be 1..127");
        }
        Path file = Path.of(args.positional().get(0));
        byte[] bytes = Files.readAllBytes(file);
        Map<String, Object> model = inspect(file.toString().replace('\\', '/'), bytes, profile, type, hashSize);
        if (args.flag("--json")) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(json.writeValueAsString(model));
        } else {
            printText(out, model, "");
        }
        return 0;
    }

    /** An application/pem-certificate-chain-with-properties file: its end-entity certificate and its properties. */
    private static Map<String, Object> withProperties(CertificateChainWithProperties file, Profile profile,
            int hashSize) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Inspector.certificate(MtcCertificate.parse(profile,
                hashSize, file.certificates().get(0))));
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        file.properties().trustAnchorId().ifPresent(id -> p.put("trust_anchor_id", id.ascii()));
        java.util.List<String> groups = new java.util.ArrayList<>();
        for (TrustAnchorRange r : file.properties().trustAnchorGroupInclusions()) {
            groups.add(r.toString());
        }
        if (!groups.isEmpty()) {
            p.put("trust_anchor_group_inclusions", groups);
        }
        p.put("trust_anchor_negotiation", file.properties().trustAnchorNegotiation());
        for (CertificateProperty x : file.properties().properties()) {
            if (x.type() > CertificateProperty.TRUST_ANCHOR_NEGOTIATION) {
                p.put("type " + x.type(), java.util.HexFormat.of().formatHex(x.data()));
            }
        }
        m.put("certificate_properties", p);
        return m;
    }

    static Map<String, Object> inspect(String path, byte[] bytes, Profile profile, String type, int hashSize) {
        byte[] der = bytes;
        if (Pem.looksLikePem(bytes)) {
            String text = new String(bytes, StandardCharsets.US_ASCII);
            if (text.startsWith("-----BEGIN " + CertificateChainWithProperties.PROPERTIES_LABEL + "-----")) {
                return withProperties(CertificateChainWithProperties.parse(text), profile, hashSize);
            }
            Pem.Block block = Pem.decode(text);
            der = block.der();
        }
        boolean guessed = type.equals("auto");
        if (guessed) {
            type = detect(path, der);
        }
        return switch (type) {
            case "cert" -> Inspector.certificate(MtcCertificate.parse(profile, hashSize, der));
            case "ca" -> Inspector.caCertificate(CaCertificate.parse(profile, der));
            case "bundle" -> Inspector.entryBundle(profile, der, tilePath(path));
            case "tile" -> Inspector.hashTile(der, hashSize, tilePath(path));
            case "checkpoint" -> Inspector.checkpoint(bytes);
            case "landmarks" -> Inspector.landmarks(new String(bytes, StandardCharsets.UTF_8));
            case "trusted-subtrees", "rp-config", "json" -> Inspector.jsonFile(path, bytes, type);
            default -> logEntry(path, der, profile, guessed);
        };
    }

    /** An MTCLogEntry; when the type was not given and it does not parse, the file is unidentifiable. */
    private static Map<String, Object> logEntry(String path, byte[] der, Profile profile, boolean guessed) {
        try {
            return Inspector.logEntry(MtcLogEntry.parse(profile, der));
        } catch (MtcParseException e) {
            if (!guessed) {
                throw e;
            }
            throw new MtcParseException(path, "cannot identify this file; it is none of: " + KNOWN + ". (As an"
                    + " MTCLogEntry: " + e.getMessage() + ".) Give --type to decode it as one of them.");
        }
    }

    /**
     * File kind: from the tlog-tiles path, else JSON (told apart by its keys), landmarks or checkpoint text, else from
     * the certificate's signature algorithm, else an entry.
     */
    static String detect(String path, byte[] der) {
        if (BUNDLE.matcher(path).find()) {
            return "bundle";
        }
        if (TILE.matcher(path).find()) {
            return "tile";
        }
        String text = new String(der, StandardCharsets.ISO_8859_1);
        if (text.stripLeading().startsWith("{")) {
            return "json";
        }
        if (LANDMARKS.matcher(text).matches()) {
            return "landmarks";
        }
        if (path.endsWith("checkpoint") || text.contains("\n\n\u00e2\u0080\u0094 ")) {
            return "checkpoint";
        }
        if (der.length > 0 && (der[0] & 0xff) == Der.SEQUENCE) {
            try {
                byte[] tbs = io.mtc4j.spec.der.DerReader.single(der, "Certificate").reader()
                        .read("Certificate.tbsCertificate", Der.SEQUENCE).encoded();
                boolean mtc = Arrays.equals(TbsCertificate.parse(tbs).signature(),
                        Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF));
                return mtc ? "cert" : "ca";
            } catch (MtcParseException e) {
                return "cert"; // let the certificate parser report the exact field
            }
        }
        return "entry";
    }

    /** The tlog-tiles path at the end of {@code path}, if it has one ("tile/..."). */
    private static Optional<TilePath> tilePath(String path) {
        int at = path.startsWith("tile/") ? 0 : path.lastIndexOf("/tile/") + 1;
        if (at == 0 && !path.startsWith("tile/")) {
            return Optional.empty();
        }
        return Optional.of(TilePath.parse(path.substring(at)));
    }

    @SuppressWarnings("unchecked")
    static void printText(PrintStream out, Map<String, Object> m, String indent) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            String key = e.getKey().replace('_', ' ');
            if (v instanceof Map<?, ?> sub) {
                out.println(indent + key + ":");
                printText(out, (Map<String, Object>) sub, indent + "    ");
            } else if (v instanceof List<?> list) {
                if (list.isEmpty()) {
                    out.println(indent + key + ": (none)");
                    continue;
                }
                out.println(indent + key + ":");
                int i = 0;
                for (Object item : list) {
                    if (item instanceof Map<?, ?> sub) {
                        out.println(indent + "    [" + i + "]");
                        printText(out, (Map<String, Object>) sub, indent + "        ");
                    } else {
                        out.println(indent + "    [" + i + "] " + item);
                    }
                    i++;
                }
            } else {
                out.println(indent + key + ": " + v);
            }
        }
    }
}
