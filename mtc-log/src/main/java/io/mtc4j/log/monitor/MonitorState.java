package io.mtc4j.log.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The monitor's durable state in one directory, written so that a crash at any point loses nothing and reports
 * nothing twice:
 * <ul>
 *   <li>{@code positions/<hex SHA-256(origin)>.json}: per log, the next entry to read and the last verified signed
 *       checkpoint (the next run checks consistency with it: rollbacks and forks across restarts);</li>
 *   <li>{@code cosigners/<hex SHA-256(source)>}: the last checkpoint each witness or mirror served;</li>
 *   <li>{@code evidence/}: one bundle per alert;</li>
 *   <li>{@code alerts.jsonl}: the alert journal, appended and synced <em>before</em> a position moves past the
 *       entries that raised them; its IDs deduplicate alerts; {@code delivered} counts the journal lines already
 *       handed to every sink.</li>
 * </ul>
 * Every file but the journal is replaced atomically (temporary file, sync, rename, directory sync). A lock file
 * keeps a second monitor off the same state.
 */
final class MonitorState implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel journal;
    private final List<Alert> alerts = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private int delivered;

    /** One log's position: the next index to read and the checkpoint (signed note) verified last. */
    record Position(String origin, int logNumber, long next, byte[] checkpoint) {}

    private MonitorState(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("positions"));
        Files.createDirectories(dir.resolve("cosigners"));
        Files.createDirectories(dir.resolve("evidence"));
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new MtcException("state " + dir + " is in use by another monitor (lock held on " + dir.resolve("lock")
                    + ")");
        }
        Path j = dir.resolve("alerts.jsonl");
        if (Files.exists(j)) {
            String text = Files.readString(j, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1; // a torn last line (crash mid-append) was never acknowledged
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isEmpty()) {
                    Alert a = Alert.parse(line);
                    alerts.add(a);
                    ids.add(a.id());
                }
            }
            if (end < text.length()) {
                try (FileChannel c = FileChannel.open(j, StandardOpenOption.WRITE)) {
                    c.truncate(text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
                    c.force(true);
                }
            }
        }
        journal = FileChannel.open(j, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        Path d = dir.resolve("delivered");
        delivered = Files.exists(d) ? Integer.parseInt(Files.readString(d).trim()) : 0;
        if (delivered > alerts.size()) {
            throw new MtcException("state " + dir + ": delivered count " + delivered + " exceeds the journal's "
                    + alerts.size() + " alerts");
        }
    }

    static MonitorState open(Path dir) throws IOException {
        return new MonitorState(dir);
    }

    Path directory() {
        return dir;
    }

    Optional<Position> position(String origin) throws IOException {
        Path p = dir.resolve("positions").resolve(hash(origin) + ".json");
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        JsonNode o = JSON.readTree(Files.readAllBytes(p));
        if (!origin.equals(o.path("origin").asText())) {
            throw new MtcException(p + " is the position of " + o.path("origin").asText() + ", not " + origin);
        }
        return Optional.of(new Position(origin, o.get("log").asInt(), o.get("next").asLong(),
                o.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8)));
    }

    void save(Position pos) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("origin", pos.origin());
        o.put("log", pos.logNumber());
        o.put("next", pos.next());
        o.put("checkpoint", new String(pos.checkpoint(), StandardCharsets.UTF_8));
        replace(dir.resolve("positions").resolve(hash(pos.origin()) + ".json"), JSON.writeValueAsBytes(o));
    }

    /** The origins with a saved position (the logs followed before). */
    List<Position> positions() throws IOException {
        List<Position> out = new ArrayList<>();
        try (var s = Files.list(dir.resolve("positions"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode o = JSON.readTree(Files.readAllBytes(p));
                out.add(position(o.get("origin").asText()).orElseThrow());
            }
        }
        return out;
    }

    Optional<byte[]> cosignerCheckpoint(String source) throws IOException {
        Path p = dir.resolve("cosigners").resolve(hash(source));
        return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }

    void saveCosignerCheckpoint(String source, byte[] note) throws IOException {
        replace(dir.resolve("cosigners").resolve(hash(source)), note);
    }

    boolean journaled(String alertId) {
        return ids.contains(alertId);
    }

    /** Writes an evidence bundle; returns its path. */
    Path writeEvidence(String alertId, byte[] json) throws IOException {
        Path p = dir.resolve("evidence").resolve(alertId.replace(' ', '-').replace(':', '-') + ".json");
        replace(p, json);
        return p;
    }

    /** Appends alerts not journaled yet and syncs the journal; returns those appended. */
    List<Alert> journal(List<Alert> batch) throws IOException {
        List<Alert> fresh = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (Alert a : batch) {
            if (ids.add(a.id())) {
                fresh.add(a);
                sb.append(a.json()).append('\n');
            }
        }
        if (!fresh.isEmpty()) {
            ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                journal.write(b);
            }
            journal.force(true);
            alerts.addAll(fresh);
        }
        return fresh;
    }

    /** Journaled alerts not yet handed to every sink, in journal order. */
    List<Alert> undelivered() {
        return List.copyOf(alerts.subList(delivered, alerts.size()));
    }

    /** Records that the first {@code n} more undelivered alerts reached every sink. */
    void delivered(int n) throws IOException {
        delivered += n;
        replace(dir.resolve("delivered"), Integer.toString(delivered).getBytes(StandardCharsets.US_ASCII));
    }

    /** Every journaled alert. */
    List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /** Temporary file, sync, atomic rename, directory sync. */
    static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the state directory's file system cannot rename atomically: " + target, e);
        }
        try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself is atomic
        }
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
        lock.release();
        lockChannel.close();
    }
}
