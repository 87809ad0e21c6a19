package io.mtc4j.conformance.cacmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.der.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code mtc ca submit --api URL (--csr F | --request F.json | --chain F) [--wait standalone|landmark] --out DIR}: the intake
 * API's client. Posts the request(s), prints one {@code serial:} line per certificate, then polls the certificate
 * URLs (honouring {@code Retry-After}) and saves {@code <name>.standalone.pem} / {@code <name>.landmark.pem} in DIR
 * as they appear, one {@code saved:} line each.
 */
final class SubmitCommand {
    static final String USAGE = String.join("\n",
            "       mtc ca submit --api URL (--csr F | --request F.json | --chain F) [--wait standalone|landmark]",
            "                     --out DIR",
            "                     [--timeout D]",
            "",
            "submit   posts to the CA's intake API (the 'api:' URL of 'mtc ca serve'): --csr F, a PKCS#10 CSR (PEM or",
            "         DER), or --request F.json, one request object, an array of them or {\"requests\": [...]} (see",
            "         README 'Run a CA'), or --chain F, a bootstrap chain (PEM, leaf first) for a bootstrap-mode CA",
            "         (README 'Bootstrap from an existing CA'). Retries 429/503 after Retry-After. Prints",
            "         'serial: N log: L index: I' per",
            "         certificate, then waits (default: standalone) and saves DIR/<name>.standalone.pem and, with",
            "         --wait landmark, DIR/<name>.landmark.pem ('saved: PATH'); <name> is the first DNS name or IP",
            "         address, ':' and '*' as '_'. --timeout (default 2h) bounds the whole wait. Exit 1 when refused.");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SubmitCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Args a = Args.parse(argv, Set.of(), Set.of("--api", "--csr", "--request", "--chain", "--wait", "--out",
                "--timeout"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("submit takes no positional arguments, got " + a.positional());
        }
        URI api = URI.create(a.value("--api").orElseThrow(() -> new UsageException("missing --api URL")));
        Path outDir = Path.of(a.value("--out").orElseThrow(() -> new UsageException("missing --out DIR")));
        if (java.util.stream.Stream.of("--csr", "--request", "--chain").filter(f -> a.value(f).isPresent()).count()
                != 1) {
            throw new UsageException("give exactly one of --csr F, --request F.json and --chain F");
        }
        String wait = a.value("--wait").orElse(CertificateFiles.STANDALONE);
        if (!wait.equals(CertificateFiles.STANDALONE) && !wait.equals(CertificateFiles.LANDMARK)) {
            throw new UsageException("--wait is standalone or landmark, not " + wait);
        }
        Duration timeout = a.value("--timeout").map(SubmitCommand::duration).orElse(Duration.ofHours(2));
        byte[] body = a.value("--csr").isPresent() ? csrBody(Path.of(a.value("--csr").get()))
                : a.value("--chain").isPresent() ? chainBody(Path.of(a.value("--chain").get()))
                : requestBody(Path.of(a.value("--request").get()));
        Instant deadline = Instant.now().plus(timeout);
        IntakeClient client = new IntakeClient(api);
        List<IntakeClient.Issued> issued;
        while (true) {
            IntakeClient.Submission s = client.submit(body);
            if (s instanceof IntakeClient.Accepted acc) {
                issued = acc.certificates();
                break;
            }
            if (s instanceof IntakeClient.Refused r) {
                err.println("refused: " + r.field() + ": " + r.error() + ": " + r.detail() + " (HTTP " + r.status() + ")");
                return 1;
            }
            IntakeClient.Overloaded o = (IntakeClient.Overloaded) s;
            if (Instant.now().plus(o.retryAfter()).isAfter(deadline)) {
                err.println("error: the CA stayed overloaded (HTTP " + o.status() + ") until the timeout");
                return 1;
            }
            err.println("overloaded: HTTP " + o.status() + ", retrying in " + o.retryAfter().toSeconds() + "s");
            Thread.sleep(o.retryAfter().toMillis());
        }
        for (IntakeClient.Issued c : issued) {
            out.println("serial: " + c.serial() + " log: " + c.log() + " index: " + c.index());
        }
        out.flush();
        return new Poller(client, outDir, out, err, deadline).await(issued, wait.equals(CertificateFiles.LANDMARK))
                ? 0 : 1;
    }

    /** Polls the certificate URLs of an accepted batch and saves each certificate once it exists. */
    static final class Poller {
        private final IntakeClient client;
        private final Path dir;
        private final PrintStream out;
        private final PrintStream err;
        private final Instant deadline;
        private final Set<String> namesUsed = new HashSet<>();

        Poller(IntakeClient client, Path dir, PrintStream out, PrintStream err, Instant deadline) {
            this.client = client;
            this.dir = dir;
            this.out = out;
            this.err = err;
            this.deadline = deadline;
        }

        private record Wanted(IntakeClient.Issued cert, String kind, URI url) {}

        /** Waits for every standalone (and, when asked, landmark-relative) certificate; true if all were saved. */
        boolean await(List<IntakeClient.Issued> issued, boolean landmarks) throws IOException, InterruptedException {
            List<Wanted> pending = new ArrayList<>();
            for (IntakeClient.Issued c : issued) {
                pending.add(new Wanted(c, CertificateFiles.STANDALONE, c.standalone()));
            }
            if (landmarks) {
                for (IntakeClient.Issued c : issued) {
                    pending.add(new Wanted(c, CertificateFiles.LANDMARK, c.landmark()));
                }
            }
            java.util.Map<java.math.BigInteger, String> names = new java.util.HashMap<>();
            boolean ok = true;
            Instant lastProgress = Instant.EPOCH;
            while (!pending.isEmpty()) {
                Duration next = null;
                List<Wanted> still = new ArrayList<>();
                for (Wanted w : pending) {
                    IntakeClient.Fetched f = client.fetch(w.url());
                    switch (f.status()) {
                        case 200 -> {
                            if (!CertificateFiles.isPemCertificate(f.body())) {
                                err.println("error: " + w.url() + " did not serve a PEM certificate");
                                ok = false;
                                continue;
                            }
                            String name = names.computeIfAbsent(w.cert().serial(), s -> uniqueName(f.body(), s));
                            out.println("saved: " + CertificateFiles.save(dir, name, w.kind(), f.body()));
                            out.flush();
                        }
                        case 202 -> {
                            still.add(w);
                            next = next == null || f.retryAfter().compareTo(next) < 0 ? f.retryAfter() : next;
                        }
                        case 410 -> {
                            err.println("gone: the " + w.kind() + " certificate of serial " + w.cert().serial()
                                    + " will never exist (HTTP 410)");
                            ok = false;
                        }
                        default -> {
                            err.println("error: GET " + w.url() + " answered " + f.status());
                            ok = false;
                        }
                    }
                }
                pending = still;
                if (pending.isEmpty()) {
                    break;
                }
                Duration sleep = next == null ? IntakeClient.DEFAULT_RETRY : next;
                if (Instant.now().plus(sleep).isAfter(deadline)) {
                    err.println("error: timed out with " + pending.size() + " certificate(s) still pending");
                    return false;
                }
                if (Duration.between(lastProgress, Instant.now()).toSeconds() >= 10) {
                    long s = pending.stream().filter(w -> w.kind().equals(CertificateFiles.STANDALONE)).count();
                    err.println("waiting: " + s + " standalone, " + (pending.size() - s) + " landmark pending");
                    lastProgress = Instant.now();
                }
                Thread.sleep(Math.max(50, sleep.toMillis()));
            }
            return ok;
        }

        private String uniqueName(byte[] pem, java.math.BigInteger serial) {
            String name = CertificateFiles.name(pem);
            return namesUsed.add(name) ? name : name + "-" + serial;
        }
    }

    /** {"requests": [{"csr": "<PEM>"}]} from a PEM or DER CSR file. */
    static byte[] csrBody(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String csr = Pem.looksLikePem(bytes) ? new String(bytes, StandardCharsets.US_ASCII)
                : Base64.getEncoder().encodeToString(bytes);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("requests").addObject().put("csr", csr);
        return JSON.writeValueAsBytes(body);
    }

    /** {"requests": [{"chain": "<PEM>"}]} from a PEM chain file (leaf first), or one DER certificate. */
    static byte[] chainBody(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ObjectNode body = JSON.createObjectNode();
        ObjectNode r = body.putArray("requests").addObject();
        if (Pem.looksLikePem(bytes)) {
            r.put("chain", new String(bytes, StandardCharsets.US_ASCII));
        } else {
            r.putArray("chain").add(Base64.getEncoder().encodeToString(bytes));
        }
        return JSON.writeValueAsBytes(body);
    }

    /** The body from a request file: one request object, an array of them, or a whole {"requests": [...]} body. */
    static byte[] requestBody(Path file) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageException(file + " is not JSON: " + e.getMessage());
        }
        ObjectNode body = JSON.createObjectNode();
        if (n.isObject() && n.has("requests")) {
            return JSON.writeValueAsBytes(n);
        }
        ArrayNode requests = body.putArray("requests");
        if (n.isArray()) {
            requests.addAll((ArrayNode) n);
        } else if (n.isObject()) {
            requests.add(n);
        } else {
            throw new UsageException(file + " holds neither a request object nor an array of them");
        }
        return JSON.writeValueAsBytes(body);
    }

    static Duration duration(String text) {
        try {
            return io.mtc4j.ca.DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
