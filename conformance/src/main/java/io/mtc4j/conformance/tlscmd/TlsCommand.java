package io.mtc4j.conformance.tlscmd;

import io.mtc4j.conformance.cli.CommandGroup;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.subtrees.LandmarkState;
import io.mtc4j.rp.subtrees.TrustedSubtreesFile;
import io.mtc4j.rp.tls.MtcKeyManager;
import io.mtc4j.rp.tls.TimestampedLandmarkGroup;
import io.mtc4j.rp.tls.TrustAnchorsClient;
import io.mtc4j.rp.tls.TrustAnchorsServer;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * {@code mtc tls serve|connect}: TLS 1.3 with Merkle Tree Certificates and the {@code trust_anchors} negotiation
 * (draft "Use in TLS", draft-ietf-tls-trust-anchor-ids) on BouncyCastle's TLS API.
 */
public final class TlsCommand extends CommandGroup {
    static final String USAGE = String.join("\n",
            "usage: mtc tls serve --cert-dir DIR --listen HOST:PORT [--profile P]",
            "       mtc tls connect HOST:PORT --ca ca.pem [--ca ...] [--trusted-subtrees F]",
            "                       [--send-landmarks|--no-landmarks] [--host NAME] [--timeout-ms N]",
            "                       [--timestamped-group BASE [--group-period SECONDS] [--group-member CA_ID ...]",
            "                        [--newer-timestamp | --group-version N]]",
            "",
            "serve    a TLS 1.3 server picking its certificate by the client's trust_anchors: landmark-relative when a",
            "         requested landmark ID or landmark group (CA.2.N.L) holds its landmark, else standalone when the",
            "         CA ID or a landmark group of the CA is requested, else the fallback (fallback.pem if present, else",
            "         standalone); clients without trust_anchors (openssl s_client) get the fallback. DIR holds",
            "         *.standalone.pem, *.landmark.pem, one PKCS#8 key (*.key or *key.pem) or one per name",
            "         (<name>.key.pem, as mtc quickstart leaves them; picked by server_name), optionally fallback.pem",
            "         (a classic chain for the same key), and trusted-subtrees.json (mtc rp update) or a landmarks file",
            "         telling the landmark of each landmark-relative certificate. A certificate file may begin with a",
            "         CERTIFICATE PROPERTIES block (trust anchor group inclusions, trust_anchor_negotiation; TAI §6).",
            "         Prints 'tls: HOST:PORT' once ready,",
            "         then 'served: <kind> matched: yes|no (<why>)' per handshake; runs until killed.",
            "connect  a TLS 1.3 client: requests the --ca CA IDs and, unless --no-landmarks, the landmark group of each",
            "         log in --trusted-subtrees; verifies the certificate (MtcVerifier, host name or IP from HOST or",
            "         --host) and retries once with the one ID it trusts from the server's list when it cannot verify.",
            "         Prints 'certificate: landmark-relative|standalone|classic', 'retried: yes|no', 'verified: yes|no',",
            "         'why: ...', 'requested: ...', 'available: ...', 'sizes: certificate=N server_flight=M'.",
            "         --timestamped-group BASE also requests a version BASE.V of a timestamped landmark group (draft",
            "         \"Timestamped Landmark Groups\"; V counts --group-period seconds, default 3600, since 1970; members",
            "         --group-member, default the --ca CAs): by the draft's rule the newest version whose timestamp is at",
            "         or before the last update (trusted-subtrees.json updated_at) of every member; --newer-timestamp",
            "         sends the version of the newest update instead, relying on the retry; --group-version N sends N.",
            "         Prints 'group: BASE.V (<why>)' or 'group: none (<why>)' before the other lines.",
            "Exit status (connect): 0 only when verified; 1 not verified; 2 usage or input error.",
            SizesCommand.USAGE);

    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public TlsCommand() {
        super("tls", "TLS 1.3 with MTCs and trust_anchors negotiation (tls serve, tls connect, tls sizes)", USAGE,
                Map.of("serve", (rest, o, e) -> serve(rest, o, e, ss -> { }),
                        "connect", (rest, o, e) -> connect(rest, o),
                        "sizes", (rest, o, e) -> SizesCommand.run(rest, o)));
    }

    /** HOST:PORT, with [v6] allowed. */
    static InetSocketAddress hostPort(String s, String what) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException(what + " must be HOST:PORT, not '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(what + ": port must be 0..65535 in '" + s + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** As {@code mtc tls serve}; {@code listening} gets the socket once bound (tests close it to stop). */
    static int serve(List<String> argv, PrintStream out, PrintStream err,
            java.util.function.Consumer<ServerSocket> listening) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--cert-dir", "--listen", "--profile"));
        Path dir = Path.of(a.value("--cert-dir").orElseThrow(() -> new UsageException("--cert-dir DIR is required")));
        InetSocketAddress listen = hostPort(a.value("--listen").orElse("127.0.0.1:8443"), "--listen");
        Profile profile = a.value("--profile").map(Profile::fromName).orElse(Profile.current());
        CertDir certs = CertDir.read(dir, profile);
        certs.notes().forEach(n -> err.println("tls serve: " + n));
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tls-serve");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocket ss = new ServerSocket(listen.getPort(), 64, InetAddress.getByName(listen.getHostString()))) {
            String host = listen.getHostString().contains(":") ? "[" + listen.getHostString() + "]"
                    : listen.getHostString();
            out.println("tls: " + host + ":" + ss.getLocalPort());
            out.flush();
            listening.accept(ss);
            while (true) {
                Socket s;
                try {
                    s = ss.accept();
                } catch (java.net.SocketException e) {
                    if (ss.isClosed()) {
                        return 0;
                    }
                    throw e;
                }
                pool.submit(() -> handle(s, certs, out));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void handle(Socket s, CertDir certs, PrintStream out) {
        try (s) {
            s.setSoTimeout(30_000);
            TrustAnchorsServer server = new TrustAnchorsServer(certs.identities());
            TlsServerProtocol p = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
            try {
                p.accept(server);
            } finally {
                server.selection().ifPresent(sel -> {
                    synchronized (out) {
                        out.println("served: " + kind(sel.credential().kind()) + " matched: "
                                + (sel.matched() ? "yes" : "no") + " (" + sel.why() + ")");
                        out.flush();
                    }
                });
            }
            p.getOutputStream().write(("mtc4j tls: "
                    + server.selection().map(x -> kind(x.credential().kind())).orElse("?") + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            p.close();
        } catch (IOException | RuntimeException e) {
            synchronized (out) {
                out.println("closed: " + e.getMessage());
                out.flush();
            }
        }
    }

    static String kind(MtcKeyManager.Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int connect(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv, Set.of("--send-landmarks", "--no-landmarks", "--newer-timestamp"), Set.of("--ca",
                "--trusted-subtrees", "--host", "--timeout-ms", "--profile", "--timestamped-group", "--group-period",
                "--group-member", "--group-version"));
        if (a.positional().size() != 1) {
            throw new UsageException(a.positional().isEmpty() ? "missing HOST:PORT" : "unexpected argument '"
                    + a.positional().get(1) + "'");
        }
        if (a.flag("--send-landmarks") && a.flag("--no-landmarks")) {
            throw new UsageException("give --send-landmarks or --no-landmarks, not both");
        }
        InetSocketAddress target = hostPort(a.positional().get(0), "HOST:PORT");
        if (a.values("--ca").isEmpty()) {
            throw new UsageException("--ca (the MTC CA certificate) is required");
        }
        Profile profile = a.value("--profile").map(Profile::fromName).orElse(Profile.current());
        List<CaConfig> cas = new ArrayList<>();
        for (String f : a.values("--ca")) {
            try {
                cas.add(CaCertificates.read(Path.of(f), profile));
            } catch (NoSuchFileException e) {
                throw new UsageException("--ca: no such file " + f);
            }
        }
        RelyingPartyConfig rp = new RelyingPartyConfig(cas);
        Set<TrustAnchorId> request = new LinkedHashSet<>();
        Set<TrustAnchorId> trusted = new LinkedHashSet<>();
        cas.forEach(c -> request.add(c.caId()));
        trusted.addAll(request);
        List<LandmarkState> states = List.of();
        if (a.value("--trusted-subtrees").isPresent()) {
            byte[] file = Files.readAllBytes(Path.of(a.value("--trusted-subtrees").get()));
            rp = TrustedSubtreesFile.apply(file, rp);
            states = TrustedSubtreesFile.readStates(file);
            for (LandmarkState s : states) {
                trusted.addAll(s.landmarkIds());
                if (!a.flag("--no-landmarks")) {
                    s.landmarkGroupId().ifPresent(request::add);
                }
            }
        }
        Optional<String> group = timestampedGroup(a, cas, states);
        group.ifPresent(g -> out.println("group: " + g));
        group.filter(g -> !g.startsWith("none ")).ifPresent(g -> request.add(TrustAnchorId.parse(
                g.substring(0, g.indexOf(' ')))));
        String host = a.value("--host").orElse(target.getHostString());
        Duration timeout = Duration.ofMillis(Long.parseLong(a.value("--timeout-ms").orElse("30000")));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(target.getHostString()),
                target.getPort());
        TrustAnchorsClient.Outcome o = new TrustAnchorsClient(rp, trusted, timeout).connect(address, host,
                Optional.of(List.copyOf(request)));
        out.println("certificate: " + kind(o.kind()));
        out.println("retried: " + (o.retried() ? "yes" : "no"));
        out.println("verified: " + (o.verified() ? "yes" : "no"));
        out.println("why: " + (o.matched() ? "the server matched the requested trust anchors " + ids(o.requested())
                : "the server's fallback: no requested trust anchor (" + ids(o.requested()) + ") matched")
                + (o.retried() ? "; the first certificate did not verify, so the client retried with the one ID it"
                + " trusts from the server's list" : ""));
        out.println("verdict: " + o.verdict());
        out.println("requested: " + ids(o.requested()));
        out.println("available: " + ids(o.available()));
        out.println("sizes: certificate=" + o.certificateBytes() + " server_flight=" + o.serverFlightBytes());
        return o.verified() ? 0 : 1;
    }

    /**
     * draft "Use in TLS", §"Timestamped Landmark Groups": the group version to request and why, as printed after
     * {@code group: }; empty without {@code --timestamped-group}.
     */
    static Optional<String> timestampedGroup(Args a, List<CaConfig> cas, List<LandmarkState> states) {
        Optional<String> base = a.value("--timestamped-group");
        if (base.isEmpty()) {
            for (String f : List.of("--group-period", "--group-member", "--group-version", "--newer-timestamp")) {
                if (f.equals("--newer-timestamp") ? a.flag(f) : a.value(f).isPresent()) {
                    throw new UsageException(f + " needs --timestamped-group BASE");
                }
            }
            return Optional.empty();
        }
        if (a.flag("--newer-timestamp") && a.value("--group-version").isPresent()) {
            throw new UsageException("give --newer-timestamp or --group-version, not both");
        }
        TrustAnchorId arc = tai(base.get(), "--timestamped-group");
        long period = positive(a.value("--group-period").orElse("3600"), "--group-period");
        List<TrustAnchorId> members = a.values("--group-member").isEmpty()
                ? cas.stream().map(CaConfig::caId).toList()
                : a.values("--group-member").stream().map(m -> tai(m, "--group-member")).toList();
        TimestampedLandmarkGroup g;
        try {
            g = TimestampedLandmarkGroup.since1970(arc, Duration.ofSeconds(period), members);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--group-member: " + e.getMessage());
        }
        if (a.value("--group-version").isPresent()) {
            String v = a.value("--group-version").get();
            if (!v.matches("0|[1-9][0-9]{0,17}")) {
                throw new UsageException("--group-version must be a non-negative version number, not '" + v + "'");
            }
            return Optional.of(g.versionId(Long.parseLong(v)) + " (--group-version)");
        }
        TimestampedLandmarkGroup.Advertising how = a.flag("--newer-timestamp")
                ? TimestampedLandmarkGroup.Advertising.NEWER_TIMESTAMP
                : TimestampedLandmarkGroup.Advertising.UP_TO_DATE_FOR_ALL;
        Map<TrustAnchorId, java.time.Instant> upToDate = TimestampedLandmarkGroup.upToDateAsOf(states);
        Optional<TrustAnchorId> v = g.versionToAdvertise(upToDate, how);
        String rule = how == TimestampedLandmarkGroup.Advertising.NEWER_TIMESTAMP
                ? "the newest update among the members, relying on the retry"
                : "trusted subtrees up to date for every member as of its timestamp";
        return Optional.of(v.map(id -> id + " (" + rule + ")").orElse("none (no version has " + rule + ")"));
    }

    private static TrustAnchorId tai(String s, String flag) {
        try {
            return TrustAnchorId.parse(s);
        } catch (io.mtc4j.spec.MtcException e) {
            throw new UsageException(flag + ": not a trust anchor ID '" + s + "': " + e.getMessage());
        }
    }

    private static long positive(String s, String flag) {
        if (!s.matches("[1-9][0-9]{0,12}")) {
            throw new UsageException(flag + " must be a positive number of seconds, not '" + s + "'");
        }
        return Long.parseLong(s);
    }

    private static String ids(List<TrustAnchorId> ids) {
        return ids.isEmpty() ? "none" : ids.stream().map(TrustAnchorId::ascii).collect(Collectors.joining(","));
    }
}
