package io.mtc4j.ca.acme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The http-01 challenge's validation (RFC 8555 §8.3; for IP identifiers RFC 8738 §3): an HTTP/1.1 GET of {@code
 * /.well-known/acme-challenge/<token>} with {@code Host: <identifier>} sent to the address the resolver map names
 * for the identifier (or, with an empty map, the system resolver's address and port 80); the body, trimmed of white
 * space, must equal the key authorization. Redirects are not followed.
 */
final class Http01Validator {
    static final int TIMEOUT_MS = 10_000;
    static final int MAX_RESPONSE = 64 << 10;
    private final AcmeSettings settings;

    Http01Validator(AcmeSettings settings) {
        this.settings = settings;
    }

    /**
     * RFC 8555 §8.3: validates one http-01 challenge.
     *
     * @return empty if valid, else the problem (type and detail) to record
     */
    java.util.Optional<AcmeProblem> validate(String identifierType, String value, String token, String keyAuthorization) {
        InetSocketAddress target;
        try {
            target = address(value);
        } catch (AcmeProblem p) {
            return java.util.Optional.of(p);
        }
        String host = identifierType.equals("ip") && value.contains(":") ? "[" + value + "]" : value;
        String request = "GET /.well-known/acme-challenge/" + token + " HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: mtc4j-acme\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        byte[] response;
        try (Socket s = new Socket()) {
            s.connect(target, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = readBounded(s.getInputStream());
        } catch (IOException e) {
            return java.util.Optional.of(new AcmeProblem("connection", 400, "identifier", "http-01: cannot fetch"
                    + " http://" + host + "/.well-known/acme-challenge/" + token + " from " + target + ": " + e));
        }
        if (response == null) {
            return java.util.Optional.of(new AcmeProblem("incorrectResponse", 403, "identifier",
                    "http-01: response over " + MAX_RESPONSE + " bytes"));
        }
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return java.util.Optional.of(new AcmeProblem("incorrectResponse", 403, "identifier",
                    "http-01: not an HTTP/1.x response"));
        }
        String head = text.substring(0, end);
        String status = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
        if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
            return java.util.Optional.of(new AcmeProblem("incorrectResponse", 403, "identifier",
                    "http-01: status line '" + status + "', expected 200"));
        }
        String body = text.substring(end + 4);
        if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
            body = dechunk(body);
        }
        if (!body.strip().equals(keyAuthorization)) {
            return java.util.Optional.of(new AcmeProblem("incorrectResponse", 403, "identifier",
                    "http-01: the body is not the key authorization"));
        }
        return java.util.Optional.empty();
    }

    private InetSocketAddress address(String value) {
        if (!settings.resolve().isEmpty()) {
            InetSocketAddress a = settings.resolve().get(value.toLowerCase(Locale.ROOT));
            if (a == null) {
                throw new AcmeProblem("dns", 400, "identifier", "'" + value + "' has no --acme-resolve entry; this"
                        + " server validates only the configured names");
            }
            return new InetSocketAddress(a.getHostString(), a.getPort());
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(value), 80);
        } catch (IOException e) {
            throw new AcmeProblem("dns", 400, "identifier", "cannot resolve '" + value + "': " + e.getMessage());
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            b.write(buf, 0, n);
            if (b.size() > MAX_RESPONSE) {
                return null;
            }
        }
        return b.toByteArray();
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            String sizeText = chunked.substring(i, eol).split(";", 2)[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0 || eol + 2 + size > chunked.length()) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
