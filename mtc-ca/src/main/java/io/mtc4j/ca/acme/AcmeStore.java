package io.mtc4j.ca.acme;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * The ACME server's state (accounts, orders, authorizations with their http-01 challenge, revocations): one JSON
 * document, {@code DIR/acme/state.json}. Every change is made on a copy, written to a temporary file, synced,
 * renamed over the old one and the directory synced before it becomes visible and before the request that made it is
 * answered; a change that fails (a refusal) leaves nothing behind. Rewriting the whole document per change is
 * linear in the number of live objects: sized for one CA's ACME traffic, not a public CA's.
 */
final class AcmeStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SECTIONS = {"accounts", "orders", "authzs", "revocations"};
    private final Path file;
    private ObjectNode state;

    private AcmeStore(Path file, ObjectNode state) {
        this.file = file;
        this.state = state;
    }

    /** Opens (or creates empty) the state in {@code dir}. */
    static AcmeStore open(Path dir) {
        Path file = dir.resolve("state.json");
        try {
            Files.createDirectories(dir);
            ObjectNode s = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
            for (String section : SECTIONS) {
                if (!s.has(section)) {
                    s.putObject(section);
                }
            }
            return new AcmeStore(file, s);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot read ACME state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code read} on the current state (which it must not change). */
    synchronized <T> T read(Function<ObjectNode, T> read) {
        return read.apply(state);
    }

    /**
     * Applies {@code change} to a copy of the state and makes the copy durable and current; if {@code change} throws,
     * nothing changes.
     */
    synchronized <T> T update(Function<ObjectNode, T> change) {
        ObjectNode copy = state.deepCopy();
        T result = change.apply(copy);
        writeDurably(copy);
        state = copy;
        return result;
    }

    private void writeDurably(ObjectNode s) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ACME state " + file, e);
        }
    }
}
