package io.mtc4j.ca.bootstrap;

import io.mtc4j.ca.CaException;
import io.mtc4j.ca.Durable;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.tiles.TilePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A CA in bootstrap mode: every entry it logs was converted from a bootstrap certificate that validated to one of
 * its trusted roots, kept in {@code DIR/bootstrap-roots.pem} (PEM CERTIFICATE blocks; the file's presence is what
 * puts the CA in bootstrap mode, {@code mtc ca init --bootstrap-roots} writes it). Before each batch is appended,
 * {@link #publish} writes the batch's issuers and bootstrap tiles ({@link BootstrapTile}) durably beside the log,
 * so no committed entry is ever without its bootstrap element, after a crash included.
 */
public final class BootstrapMode {
    /** The trusted roots file in the CA directory. */
    public static final String ROOTS_FILE = "bootstrap-roots.pem";

    private final ChainValidator validator;
    /** Issuer keys known to be stored (the writer is the CA's single issuance thread). */
    private final Set<String> issuersStored = new HashSet<>();

    private BootstrapMode(ChainValidator validator) {
        this.validator = validator;
    }

    /**
     * Puts a CA directory in bootstrap mode: checks that {@code roots} holds certificates and writes it durably.
     *
     * @param dir   the CA directory
     * @param roots the roots file's contents (PEM CERTIFICATE blocks, or one DER certificate)
     * @return the number of roots
     * @throws CaException if the roots do not parse or the file exists
     */
    public static int init(Path dir, byte[] roots) {
        List<byte[]> certs = ChainValidator.readCertificates(roots, ROOTS_FILE);
        ChainValidator.of(certs);
        Path f = dir.resolve(ROOTS_FILE);
        if (Files.exists(f)) {
            throw new CaException(f.toString(), "exists", "refusing to overwrite the bootstrap roots");
        }
        StringBuilder pem = new StringBuilder();
        certs.forEach(c -> pem.append(io.mtc4j.spec.der.Pem.encode("CERTIFICATE", c)));
        Durable.write(f, pem.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return certs.size();
    }

    /**
     * The bootstrap mode of the CA in {@code dir}, if its roots file exists.
     *
     * @param dir the CA directory
     * @return the mode, or empty for a CA not in bootstrap mode
     * @throws CaException if the roots file exists but is invalid
     */
    public static Optional<BootstrapMode> open(Path dir) {
        Path f = dir.resolve(ROOTS_FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BootstrapMode(ChainValidator.of(ChainValidator.readCertificates(
                    Files.readAllBytes(f), f.toString()))));
        } catch (IOException e) {
            throw new CaException(f.toString(), "unreadable", e.toString());
        }
    }

    /** @return the validator of the configured roots */
    public ChainValidator validator() {
        return validator;
    }

    /**
     * Writes the bootstrap publication of the batch about to be appended at {@code [start, start + n)}: first each
     * issuer certificate not yet stored ({@code issuer/<hex>}), then the bootstrap tiles of the tree of size
     * {@code start + n} that hold its elements (full ones, and the partial one at the end). Each write is durable
     * when it returns; the committed partial tile of size {@code start} is read, never rewritten.
     *
     * @param storage the log's writer
     * @param start   the committed size, where the batch will be appended
     * @param paths   per entry, its validated bootstrap path (leaf first, anchor last); empty for a null_entry
     * @throws IllegalStateException if the committed partial tile is missing or malformed
     */
    public void publish(LogStorage storage, long start, List<List<byte[]>> paths) {
        if (paths.isEmpty()) {
            return;
        }
        List<BootstrapEntry> elements = new ArrayList<>(paths.size());
        for (List<byte[]> p : paths) {
            if (p.isEmpty()) {
                elements.add(BootstrapEntry.nullEntry());
                continue;
            }
            for (byte[] issuer : p.subList(1, p.size())) {
                String key = BootstrapEntry.issuerKey(BootstrapEntry.fingerprint(issuer));
                if (!issuersStored.contains(key)) {
                    if (storage.read(key).isEmpty()) {
                        storage.writeCompanion(key, issuer);
                    }
                    issuersStored.add(key);
                }
            }
            elements.add(BootstrapEntry.ofPath(p));
        }
        long end = start + paths.size();
        int w = TilePath.FULL_WIDTH;
        long first = start / w;
        List<BootstrapEntry> tile = new ArrayList<>(committedPrefix(storage, start));
        int next = 0;
        for (long t = first; t <= (end - 1) / w; t++) {
            if (t > first) {
                tile = new ArrayList<>();
            }
            long tileEnd = Math.min(end, (t + 1) * w);
            while (t * w + tile.size() < tileEnd) {
                tile.add(elements.get(next++));
            }
            storage.writeCompanion(BootstrapTile.key(TilePath.entryBundleFor(t, end)), BootstrapTile.encode(tile));
        }
    }

    /** The elements of the committed partial tile of size {@code start} (none when it is a multiple of 256). */
    private static List<BootstrapEntry> committedPrefix(LogStorage storage, long start) {
        int width = (int) (start % TilePath.FULL_WIDTH);
        if (width == 0) {
            return List.of();
        }
        String key = BootstrapTile.key(TilePath.entryBundleFor(start / TilePath.FULL_WIDTH, start));
        byte[] data = storage.read(key).orElseThrow(() -> new IllegalStateException("the bootstrap tile " + key
                + " of the committed entries is missing"));
        try {
            return BootstrapTile.parse(data, width);
        } catch (MtcException e) {
            throw new IllegalStateException("the bootstrap tile " + key + " is malformed: " + e.getMessage(), e);
        }
    }
}
