package io.mtc4j.ca.acme;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ACME server's settings.
 *
 * @param resolve where http-01 validation for an identifier (a DNS name or an IP address, lower case) connects;
 *                when not empty, validation connects only to these addresses and refuses every other identifier;
 *                when empty, it uses the system resolver and port 80 (RFC 8555 §8.3)
 */
public record AcmeSettings(Map<String, InetSocketAddress> resolve) {
    /** Copies the map. */
    public AcmeSettings {
        resolve = Map.copyOf(new TreeMap<>(Objects.requireNonNull(resolve, "resolve")));
    }

    /**
     * Parses one {@code NAME=HOST:PORT} resolver entry (the {@code --acme-resolve} flag).
     *
     * @param entry the entry
     * @return NAME (lower case) and the unresolved HOST:PORT
     * @throws IllegalArgumentException naming the rule broken
     */
    public static Map.Entry<String, InetSocketAddress> parseResolve(String entry) {
        int eq = entry.indexOf('=');
        int colon = entry.lastIndexOf(':');
        if (eq <= 0 || colon <= eq + 1 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("--acme-resolve must be NAME=HOST:PORT, got '" + entry + "'");
        }
        String host = entry.substring(eq + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--acme-resolve port must be 1..65535, got '" + entry + "'");
        }
        return Map.entry(entry.substring(0, eq).toLowerCase(Locale.ROOT), InetSocketAddress.createUnresolved(host,
                port));
    }
}
