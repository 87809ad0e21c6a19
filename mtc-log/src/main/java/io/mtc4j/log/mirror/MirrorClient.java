package io.mtc4j.log.mirror;

import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * The client side of tlog-mirror (the CA's, or anyone's with the log's data): raw requests to the three endpoints,
 * and {@link #upload}, which brings a mirror to a log's checkpoint — {@code add-checkpoint} (learning the pending
 * size from a 409), then {@code add-entries} in requests of at most 32 packages, gzip-compressed, resuming from the
 * next entry and ticket of every 202 or 409 (tlog-mirror §"add-entries"), until the mirror answers 200 with its
 * cosignatures. An interrupted upload is resumed by calling {@link #upload} again.
 */
public final class MirrorClient {
    /** Consecutive refusals (409) {@link #upload} retries before giving up. */
    static final int MAX_CONFLICTS = 8;

    /** Called after every add-entries answer of an {@link #upload} (progress, tests). */
    @FunctionalInterface
    public interface Listener {
        /**
         * An add-entries answer arrived.
         *
         * @param status    its status
         * @param nextEntry the mirror's next entry it reported (the tree size on 200)
         */
        void answered(int status, long nextEntry);
    }

    /**
     * What an upload obtained.
     *
     * @param checkpoint   the checkpoint the mirror now holds
     * @param cosignatures the mirror's signature lines on it (from the 200 answer)
     * @param requests     the add-entries requests sent
     */
    public record Result(Checkpoint checkpoint, List<NoteSignature> cosignatures, int requests) {
        /** Copies the list. */
        public Result {
            cosignatures = List.copyOf(cosignatures);
        }
    }

    private final URI prefix;
    private final HttpClient http;
    private final Duration timeout;
    private int packagesPerRequest = AddEntries.MAX_PACKAGES_PER_REQUEST;
    private Listener listener = (s, n) -> { };

    /**
     * A client of the mirror whose submission prefix is {@code prefix}.
     *
     * @param prefix  the submission prefix URL (without a trailing slash)
     * @param timeout the time-out of each request
     */
    public MirrorClient(URI prefix, Duration timeout) {
        String p = Objects.requireNonNull(prefix, "prefix").toString();
        this.prefix = URI.create(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * This client sending at most {@code n} packages per add-entries request (1..32).
     *
     * @param n the package count
     * @return this
     */
    public MirrorClient packagesPerRequest(int n) {
        if (n < 1 || n > AddEntries.MAX_PACKAGES_PER_REQUEST) {
            throw new IllegalArgumentException("packages per request must be 1..32");
        }
        this.packagesPerRequest = n;
        return this;
    }

    /**
     * This client reporting each add-entries answer of {@link #upload} to {@code l}.
     *
     * @param l the listener
     * @return this
     */
    public MirrorClient listener(Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * POSTs {@code body} to {@code <prefix>/<endpoint>}.
     *
     * @param endpoint    {@code add-checkpoint}, {@code add-entries} or {@code sign-subtree}
     * @param body        the body
     * @param contentType the Content-Type
     * @param gzip        whether to send it with {@code Content-Encoding: gzip}
     * @return the answer
     * @throws IOException if the exchange fails
     */
    public HttpReply post(String endpoint, byte[] body, String contentType, boolean gzip) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(prefix + "/" + endpoint)).timeout(timeout)
                .header("Content-Type", contentType);
        byte[] sent = body;
        if (gzip) {
            b.header("Content-Encoding", "gzip");
            sent = gzip(body);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(sent)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new HttpReply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * {@code add-checkpoint}.
     *
     * @param req the request
     * @return the answer
     * @throws IOException if the exchange fails
     */
    public HttpReply addCheckpoint(AddCheckpointRequest req) throws IOException {
        return post("add-checkpoint", req.format(), "text/plain; charset=utf-8", false);
    }

    /**
     * {@code sign-subtree}.
     *
     * @param req the request
     * @return the answer
     * @throws IOException if the exchange fails
     */
    public HttpReply signSubtree(SignSubtreeRequest req) throws IOException {
        return post("sign-subtree", req.format(), "text/plain; charset=utf-8", false);
    }

    /**
     * Brings the mirror to {@code log}'s verified checkpoint (call {@link LogClient#update()} first) and returns
     * its cosignatures, keeping only those by {@code mirrorKeys} that verify (tlog-mirror: "the client MUST ignore
     * any cosignatures from unknown keys").
     *
     * @param log        the log, at the checkpoint to upload
     * @param mirrorKeys the mirror's verifier keys
     * @return the result
     * @throws IOException if an exchange fails
     * @throws MirrorException if the mirror refuses for a reason a retry cannot fix, with its status and body
     */
    public Result upload(LogClient log, List<NoteVerifier> mirrorKeys) throws IOException {
        SignedNote note = log.checkpointNote().orElseThrow(() -> new IllegalStateException("call log.update() first"));
        Checkpoint cp = log.checkpoint().orElseThrow();
        addCheckpoint(log, note, cp);
        long end = cp.size();
        long start = end;
        byte[] ticket = new byte[0];
        int requests = 0;
        int conflicts = 0;
        while (true) {
            long count = Math.min(packagesPerRequest, AddEntries.packageCount(start, end));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new AddEntries.Header(cp.origin(), start, end, ticket).encode());
            for (int i = 0; i < count; i++) {
                body.writeBytes(buildPackage(log, AddEntries.span(start, end, i)).encode());
            }
            HttpReply r = post("add-entries", body.toByteArray(), "application/octet-stream", true);
            requests++;
            if (r.status() == 200) {
                listener.answered(200, end);
                return new Result(cp, cosignatures(note, r.text(), mirrorKeys), requests);
            }
            if (r.status() != 202 && r.status() != 409) {
                throw MirrorException.of(r.status(), "add-entries [" + start + ", " + end + "): HTTP " + r.status()
                        + ": " + r.text().strip());
            }
            MirrorInfo info;
            try {
                info = MirrorInfo.parse(r.body());
            } catch (MtcException e) {
                throw MirrorException.of(r.status(), "add-entries: the " + r.status() + " body is not a"
                        + " text/x.tlog.mirror-info: " + e.getMessage());
            }
            listener.answered(r.status(), info.nextEntry());
            if (r.status() == 202) {
                conflicts = 0;
            } else if (++conflicts > MAX_CONFLICTS) {
                throw MirrorException.of(409, "add-entries: " + conflicts + " conflicts in a row: " + r.text().strip());
            } else if (info.treeSize() != end) {
                // the mirror no longer takes our size: make it pending again
                addCheckpoint(log, note, cp);
            }
            start = Math.min(info.nextEntry(), end);
            ticket = info.treeSize() == end ? info.ticket() : new byte[0];
        }
    }

    /** add-checkpoint, learning the mirror's pending size from a 409 (tlog-witness: "MAY initially ... zero"). */
    private void addCheckpoint(LogClient log, SignedNote note, Checkpoint cp) throws IOException {
        long old = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            List<byte[]> proof = old == 0 || old == cp.size() ? List.of() : log.consistencyProof(old);
            HttpReply r = addCheckpoint(AddCheckpointRequest.of(old, proof, note));
            if (r.status() == 200) {
                return;
            }
            if (r.status() != 409 || !r.contentType().startsWith(MirrorException.SIZE_TYPE)) {
                throw MirrorException.of(r.status(), "add-checkpoint: HTTP " + r.status() + ": " + r.text().strip());
            }
            String s = r.text();
            try {
                old = CosignerRequest.number("x.tlog.size", s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
            } catch (MtcException e) {
                throw MirrorException.of(409, "add-checkpoint: the 409 body is not a text/x.tlog.size: " + s);
            }
            if (old > cp.size()) {
                throw MirrorException.of(409, "add-checkpoint: the mirror's pending checkpoint (size " + old
                        + ") is ahead of the log's checkpoint (size " + cp.size() + "): upload a newer checkpoint");
            }
        }
        throw MirrorException.of(409, "add-checkpoint: the mirror's pending size kept changing");
    }

    /** Package {@code span}: its entries from the log and the subtree consistency proof to the checkpoint. */
    static AddEntries.Package buildPackage(LogClient log, AddEntries.Span span) {
        List<byte[]> entries = new ArrayList<>(span.count());
        for (EntryIterator it = log.entries(span.start(), span.end()); it.hasNext(); ) {
            entries.add(it.next().entry());
        }
        return new AddEntries.Package(entries, log.consistencyProof(new Subtree(span.subtreeStart(), span.end())));
    }

    /** The lines of a 200 answer by a known key that verify on {@code note}'s text. */
    private static List<NoteSignature> cosignatures(SignedNote note, String lines, List<NoteVerifier> keys) {
        SignedNote withThem;
        try {
            withThem = SignedNote.parse(note.text() + "\n" + lines);
        } catch (MtcException e) {
            throw MirrorException.of(200, "add-entries: the 200 body is not note signature lines: " + e.getMessage());
        }
        List<NoteSignature> out = new ArrayList<>();
        byte[] text = note.textBytes();
        for (NoteSignature s : withThem.signatures()) {
            for (NoteVerifier v : keys) {
                if (v.name().equals(s.keyName()) && v.keyId() == s.keyId() && v.verify(text, s.signature())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    @Override
    public String toString() {
        return "MirrorClient[" + prefix + "]";
    }
}
