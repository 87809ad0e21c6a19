package io.mtc4j.conformance.logcmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.log.client.CheckpointPolicy;
import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogClientException;
import io.mtc4j.log.client.LogEntry;
import io.mtc4j.log.client.Sleeper;
import io.mtc4j.spec.names.IpAddresses;
import io.mtc4j.rp.host.SubjectAltNames;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code mtc log tail URL --ca ca.pem [--log N] [--from N] [--to N] [--json]}: follows a log with mtc-log's
 * {@link LogClient}. Each poll fetches the checkpoint and verifies it (the CA cosigner's signature, key from the CA
 * certificate) and its consistency with the previous one (tlog-tiles: clients check consistency when tailing,
 * R21); then prints each new entry, proven against the tiles: its index, serial number ({@code log number << 48 |
 * index}, draft §"Log Entries"), DNS names and IP addresses (subjectAltName of the TBSCertificateLogEntry).
 * Stops with exit 1 and one message on any typed client error.
 */
final class TailCommand {
    static final List<String> USAGE = List.of(
            "tail URL|DIR --ca ca.pem [--log N] [--from N] [--to N] [--json] [--interval-ms N] [--profile P]",
            "         follows a log: polls and verifies the checkpoint (CA cosignature, consistency with the",
            "         previous one) and prints each new entry as it arrives: '<index> serial <n> names <dns,...>",
            "         addresses <ip,...>' ('<index> null_entry' for a null entry); --json: one JSON object per line.",
            "         --from N starts at entry N (default: the current tree size); --to N stops after entry N-1.",
            "         Stops on any verification or transport error with a message naming the check and the URL.",
            "         --demo-compat: accept the demo generator's untimestamped checkpoint signature instead;",
            "         --timeout-ms N: the connect and per-request deadline (default 30000).");
    private static final long DEFAULT_INTERVAL_MS = 5_000;

    private TailCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return run(argv, out, err, Sleeper.system());
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, waiting between polls with {@code poll}. */
    static int run(List<String> argv, PrintStream out, PrintStream err, Sleeper poll) throws Exception {
        Args a = Args.parse(argv, Set.of("--json", "--demo-compat"), Set.of("--ca", "--log", "--from", "--to", "--interval-ms",
                "--profile", "--timeout-ms"));
        String arg = LogTarget.positional(a, "URL");
        Profile profile = LogTarget.profile(a);
        String caFile = a.value("--ca").orElseThrow(() -> new UsageException("--ca (the CA certificate) is required"));
        OptionalLong from = number(a, "--from");
        OptionalLong to = number(a, "--to");
        Duration interval = Duration.ofMillis(number(a, "--interval-ms").orElse(DEFAULT_INTERVAL_MS));
        if (interval.isZero()) {
            throw new UsageException("--interval-ms must be positive");
        }
        LogTarget target = LogTarget.resolve(arg, a, timeout(a));
        LogTarget.Ca ca = LogTarget.ca(caFile, profile, a.flag("--demo-compat"));
        LogClient.Builder b = LogClient.builder(target.transport()).verifiers(List.of(ca.cosigner()))
                .policy(CheckpointPolicy.signedBy(ca.cosigner()));
        if (target.logNumber().isPresent()) {
            b.origin(ca.origin(target.logNumber().getAsInt()));
        }
        LogClient client = b.build();
        boolean json = a.flag("--json");
        long next = -1;
        try {
            while (true) {
                Checkpoint cp = client.update();
                int log = logNumber(cp.origin(), ca.id());
                if (next < 0) {
                    next = from.orElse(cp.size());
                }
                long end = to.isPresent() ? Math.min(to.getAsLong(), cp.size()) : cp.size();
                if (next < end) {
                    EntryIterator it = client.entries(next, end);
                    while (it.hasNext()) {
                        LogEntry e = it.next();
                        out.println(json ? jsonLine(profile, log, e) : textLine(profile, log, e));
                        next = e.index() + 1;
                    }
                    out.flush();
                }
                if (to.isPresent() && next >= to.getAsLong()) {
                    return 0;
                }
                poll.sleep(interval);
            }
        } catch (LogClientException e) {
            err.println("tail: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tail: interrupted");
            return 1;
        }
    }

    /** {@code --timeout-ms}, default 30 s: the connect and per-request deadline. */
    static Duration timeout(Args a) {
        long ms = number(a, "--timeout-ms").orElse(30_000);
        if (ms == 0) {
            throw new UsageException("--timeout-ms must be positive");
        }
        return Duration.ofMillis(ms);
    }

    private static OptionalLong number(Args a, String name) {
        if (a.value(name).isEmpty()) {
            return OptionalLong.empty();
        }
        String v = a.value(name).get();
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a non-negative integer, not '" + v + "'");
        }
    }

    /** mtc-tlog: the origin is the log ID {@code <CA ID>.0.<log number>}; anything else is not this CA's log. */
    static int logNumber(String origin, TrustAnchorId ca) {
        int n = io.mtc4j.log.monitor.MonitoredCa.logNumber(ca, origin);
        if (n > 0) {
            return n;
        }
        throw new LogClientException(LogClientException.Check.CHECKPOINT_ORIGIN, "checkpoint", "origin " + origin
                + " is not a log of CA " + ca.ascii() + " (mtc-tlog: oid/1.3.6.1.4.1." + ca.ascii() + ".0.<N>)");
    }

    /** What a tail line says about one entry. */
    record Described(String type, BigInteger serial, List<String> names, List<String> addresses, String problem) {}

    static Described describe(Profile profile, int logNumber, LogEntry e) {
        // draft §"Log Entries": serialNumber = (log_number << 48) | index (the index alone before plants-04)
        BigInteger serial = profile.serialHasLogNumber()
                ? BigInteger.valueOf(logNumber).shiftLeft(48).or(BigInteger.valueOf(e.index()))
                : BigInteger.valueOf(e.index());
        MtcLogEntry entry;
        try {
            entry = MtcLogEntry.parse(profile, e.entry());
        } catch (MtcException | IllegalArgumentException x) {
            return new Described("malformed", serial, List.of(), List.of(), x.getMessage());
        }
        if (entry.isNull()) {
            return new Described("null_entry", serial, List.of(), List.of(), "");
        }
        if (entry.tbsCertEntry().isEmpty()) {
            return new Described("type " + entry.type(), serial, List.of(), List.of(), "");
        }
        List<String> names = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        try {
            subjectAltNames(entry.tbsCertEntry().get(), names, addresses);
        } catch (MtcException | IllegalArgumentException x) {
            return new Described("tbs_cert_entry", serial, names, addresses, "subjectAltName: " + x.getMessage());
        }
        return new Described("tbs_cert_entry", serial, names, addresses, "");
    }

    /** RFC 5280 §4.2.1.6: the dNSName and iPAddress GeneralNames of the entry's subjectAltName extension. */
    private static void subjectAltNames(TbsCertificateLogEntry tbs, List<String> names, List<String> addresses) {
        if (tbs.extensions().isEmpty()) {
            return;
        }
        for (X509Der.Extension ext : X509Der.extensionList(tbs.extensions().get())) {
            if (!ext.oid().equals(X509Oids.SUBJECT_ALT_NAME)) {
                continue;
            }
            SubjectAltNames san = SubjectAltNames.parse(ext.value());
            names.addAll(san.dnsNames());
            san.ipAddresses().forEach(a -> addresses.add(IpAddresses.format(a)));
        }
    }

    static String textLine(Profile profile, int logNumber, LogEntry e) {
        Described d = describe(profile, logNumber, e);
        if (!d.type().equals("tbs_cert_entry")) {
            return e.index() + " " + d.type() + (d.problem().isEmpty() ? "" : ": " + d.problem());
        }
        return e.index() + " serial " + d.serial() + " names " + list(d.names()) + " addresses " + list(d.addresses())
                + (d.problem().isEmpty() ? "" : " (" + d.problem() + ")");
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "-" : String.join(",", l);
    }

    static String jsonLine(Profile profile, int logNumber, LogEntry e) throws Exception {
        Described d = describe(profile, logNumber, e);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("index", e.index());
        o.put("type", d.type());
        o.put("serial", d.serial());
        o.put("names", d.names());
        o.put("addresses", d.addresses());
        if (!d.problem().isEmpty()) {
            o.put("problem", d.problem());
        }
        return new ObjectMapper().writeValueAsString(o);
    }
}
