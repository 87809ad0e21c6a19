package io.mtc4j.log.witness;

import io.mtc4j.log.client.HttpReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The client side of tlog-witness (a log, a CA, a conformance checker): builds the request bodies of
 * {@code add-checkpoint} and {@code sign-subtree} and sends them, or fetches the monitoring checkpoint. It sends
 * what it is given, even what the spec forbids (the conformance checks send malformed requests on purpose).
 */
public final class WitnessClient {
    private final URI prefix;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * A client of the witness at {@code prefix} (its submission and monitoring prefix URL).
     *
     * @param prefix  the prefix URL, without a trailing '/'
     * @param timeout the time-out of each request
     */
    public WitnessClient(URI prefix, Duration timeout) {
        String p = prefix.toString();
        this.prefix = URI.create(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * tlog-witness §"add-checkpoint": the body {@code old <n>\n}, the proof lines, {@code \n}, the note.
     *
     * @param oldSize the old size
     * @param proof   the consistency proof hashes
     * @param note    the signed checkpoint note
     * @return the body
     */
    public static byte[] addCheckpointBody(long oldSize, List<byte[]> proof, byte[] note) {
        return body("old " + Long.toUnsignedString(oldSize) + "\n", proof, note);
    }

    /**
     * tlog-witness §"sign-subtree": {@code subtree <s> <e>\n}, the hash line, the proof lines, {@code \n}, the note.
     *
     * @param start the subtree start
     * @param end   the subtree end
     * @param hash  the subtree hash
     * @param proof the subtree consistency proof
     * @param note  the reference checkpoint note
     * @return the body
     */
    public static byte[] signSubtreeBody(long start, long end, byte[] hash, List<byte[]> proof, byte[] note) {
        return body("subtree " + Long.toUnsignedString(start) + " " + Long.toUnsignedString(end) + "\n"
                + Base64.getEncoder().encodeToString(hash) + "\n", proof, note);
    }

    private static byte[] body(String head, List<byte[]> proof, byte[] note) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (byte[] h : proof) {
            b.writeBytes((Base64.getEncoder().encodeToString(h) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        b.write('\n');
        b.writeBytes(note);
        return b.toByteArray();
    }

    /**
     * POSTs {@code body} to {@code <prefix>/add-checkpoint}.
     *
     * @param body the body
     * @return the reply
     * @throws IOException if there is no answer
     * @throws InterruptedException if interrupted
     */
    public HttpReply addCheckpoint(byte[] body) throws IOException, InterruptedException {
        return post("add-checkpoint", body);
    }

    /**
     * POSTs {@code body} to {@code <prefix>/sign-subtree}.
     *
     * @param body the body
     * @return the reply
     * @throws IOException if there is no answer
     * @throws InterruptedException if interrupted
     */
    public HttpReply signSubtree(byte[] body) throws IOException, InterruptedException {
        return post("sign-subtree", body);
    }

    /**
     * GETs {@code <prefix>/<hex sha256(origin)>/checkpoint}.
     *
     * @param origin the log origin
     * @return the reply
     * @throws IOException if there is no answer
     * @throws InterruptedException if interrupted
     */
    public HttpReply checkpoint(String origin) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(prefix + "/" + CosignedCheckpoint.originHash(origin)
                + "/checkpoint")).GET());
    }

    /**
     * Sends any request to {@code <prefix>/<path>} (the checks of wrong methods use it).
     *
     * @param method the method
     * @param path   the path under the prefix
     * @param body   the body (none for an empty array)
     * @return the reply
     * @throws IOException if there is no answer
     * @throws InterruptedException if interrupted
     */
    public HttpReply request(String method, String path, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(prefix + "/" + path)).method(method, body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpReply post(String endpoint, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(prefix + "/" + endpoint))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(body, body.length))));
    }

    private HttpReply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new HttpReply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /**
     * The prefix URL.
     *
     * @return the prefix
     */
    public URI prefix() {
        return prefix;
    }
}
