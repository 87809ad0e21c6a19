package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tiles.TilePath;
import java.util.regex.Pattern;

/**
 * Keys of companion objects: immutable objects an application publishes beside a log's tlog-tiles objects, under
 * the same prefix, whose bytes the log itself does not fix. Two forms:
 * <ul>
 *   <li>{@code tile/<name>/<N>[.p/<W>]}: a parallel tile resource, one element per log entry with the entry bundles'
 *       indices and widths (tlog-tiles {@code <N>} and {@code <W>}); {@code <name>} is 1 to 32 of
 *       {@code [a-z0-9-]}, starting with a letter, and not {@code entries} (e.g. {@code tile/bootstrap/...}).</li>
 *   <li>{@code issuer/<64 lowercase hex>}: an object addressed by its SHA-256 (the form of C2SP static-ct-api's
 *       issuers).</li>
 * </ul>
 * The writer ({@link LogStorage#writeCompanion}) makes them durable before the entries that refer to them are
 * committed; the log server serves them as immutable objects.
 */
public final class CompanionKeys {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ISSUER = Pattern.compile("issuer/[0-9a-f]{64}");

    private CompanionKeys() {}

    /**
     * True iff {@code key} is a companion key of one of the two forms, in its one canonical spelling.
     *
     * @param key a key relative to the log prefix
     * @return whether it names a companion object
     */
    public static boolean isCompanionKey(String key) {
        if (ISSUER.matcher(key).matches()) {
            return true;
        }
        if (!key.startsWith("tile/")) {
            return false;
        }
        int slash = key.indexOf('/', 5);
        if (slash < 0) {
            return false;
        }
        String name = key.substring(5, slash);
        if (name.equals("entries") || !NAME.matcher(name).matches()) {
            return false;
        }
        String asBundle = "tile/entries" + key.substring(slash);
        try {
            return TilePath.parse(asBundle).path().equals(asBundle);
        } catch (MtcParseException e) {
            return false;
        }
    }

    /**
     * The key of a parallel tile resource: the entry bundle path {@code tile/entries/<N>[.p/<W>]} with
     * {@code entries} replaced by {@code name}.
     *
     * @param name   the resource name, e.g. {@code bootstrap}
     * @param bundle the entry bundle the tile parallels
     * @return {@code tile/<name>/<N>[.p/<W>]}
     * @throws IllegalArgumentException if {@code bundle} is not an entry bundle or the name is not allowed
     */
    public static String parallelTile(String name, TilePath bundle) {
        if (!bundle.entries()) {
            throw new IllegalArgumentException("not an entry bundle: " + bundle);
        }
        String key = "tile/" + name + bundle.path().substring("tile/entries".length());
        if (!isCompanionKey(key)) {
            throw new IllegalArgumentException("not a companion tile name: " + name);
        }
        return key;
    }

    /**
     * The argument rules of {@link LogStorage#writeCompanion}.
     *
     * @param log  the log's name, for the message
     * @param key  the key
     * @param data the bytes
     * @throws IllegalArgumentException if {@code key} is not a companion key or {@code data} is empty
     */
    public static void checkArguments(String log, String key, byte[] data) {
        if (!isCompanionKey(key)) {
            throw new IllegalArgumentException(log + ": " + key + " is not a companion key (CompanionKeys)");
        }
        if (data.length == 0) {
            throw new IllegalArgumentException(log + ": companion object " + key + " is empty");
        }
    }
}
