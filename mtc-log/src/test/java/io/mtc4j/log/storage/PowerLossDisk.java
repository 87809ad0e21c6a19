package io.mtc4j.log.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a power loss would leave of a directory tree written through {@link DurableFiles}: a model of the disk that
 * follows every completed file-system step ({@link DurableFiles.Hook#after}) and keeps only what POSIX makes
 * durable. A file's bytes are durable once the file was synced ({@code force}, {@code wal-sync}); a name (a file
 * created, renamed into place, deleted, a directory made) once its directory was synced ({@code force-dir}).
 * {@link #writeImage} writes what the disk holds: a renamed file whose directory was not synced is lost (the old
 * file is back, if there was one), a file whose name is durable but whose bytes were not synced is empty.
 *
 * <p>Steps made outside {@link DurableFiles} (the writer's lock, clearing {@code tmp/} at open) are not followed;
 * the tree as it is when the model starts counts as durable. Thread-safe.
 */
final class PowerLossDisk implements DurableFiles.Hook {
    /** A file or directory; {@code synced} holds the bytes the disk has for a file, null if never synced. */
    private static final class Inode {
        final boolean dir;
        byte[] synced;

        Inode(boolean dir, byte[] synced) {
            this.dir = dir;
            this.synced = synced;
        }
    }

    private final Path root;
    private final DurableFiles.Hook next;
    private final Map<Path, Inode> names = new HashMap<>(); // as the page cache has them
    private final Map<Path, Inode> durable = new HashMap<>(); // as the disk has them

    /** Follows the tree under {@code root}; {@code next} is called before each step (crash injection). */
    PowerLossDisk(Path root, DurableFiles.Hook next) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.next = next;
        try (Stream<Path> s = Files.walk(this.root)) {
            for (Path p : s.toList()) {
                if (p.equals(this.root)) {
                    continue;
                }
                Inode i = Files.isDirectory(p) ? new Inode(true, null) : new Inode(false, Files.readAllBytes(p));
                names.put(p, i);
                durable.put(p, i);
            }
        }
    }

    @Override
    public void before(String step, Path path) {
        next.before(step, path);
    }

    @Override
    public synchronized void after(String step, Path path, Path from) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            return;
        }
        switch (step) {
            case "write" -> {
                Inode i = names.get(p);
                if (i == null) {
                    names.put(p, new Inode(false, null));
                } else {
                    i.synced = null; // truncated and rewritten: what the disk holds is unknown, say empty
                }
            }
            case "force", "wal-sync" -> {
                Inode i = names.get(p);
                if (i != null && !i.dir) {
                    i.synced = read(p);
                }
            }
            case "rename" -> {
                Inode i = names.remove(from.toAbsolutePath().normalize());
                names.put(p, i == null ? new Inode(false, null) : i);
            }
            case "mkdir" -> names.putIfAbsent(p, new Inode(true, null));
            case "delete" -> names.remove(p);
            case "force-dir" -> {
                durable.keySet().removeIf(q -> p.equals(q.getParent()));
                names.forEach((q, i) -> {
                    if (p.equals(q.getParent())) {
                        durable.put(q, i);
                    }
                });
            }
            default -> {
            }
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes into {@code to} (created; must not exist) the tree as the disk holds it now: every durable name whose
     * directories are all durable, a file with its synced bytes (empty if never synced).
     */
    synchronized void writeImage(Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> paths = new ArrayList<>(durable.keySet());
        paths.sort(null); // parents first
        for (Path p : paths) {
            if (!reachable(p)) {
                continue;
            }
            Inode i = durable.get(p);
            Path q = to.resolve(root.relativize(p).toString());
            if (i.dir) {
                Files.createDirectories(q);
            } else {
                Files.write(q, i.synced == null ? new byte[0] : i.synced);
            }
        }
    }

    private boolean reachable(Path p) {
        for (Path d = p.getParent(); d != null && !d.equals(root); d = d.getParent()) {
            Inode i = durable.get(d);
            if (i == null || !i.dir) {
                return false;
            }
        }
        return true;
    }

    /**
     * The kind of file a step of a local directory store's writer touches, for naming crash points:
     * {@code checkpoint}, {@code landmarks}, {@code tile}, their temporary files ({@code checkpoint-tmp}, ...),
     * {@code tile-dir}, {@code log-dir}, {@code wal}, {@code wal-dir}, {@code state}.
     */
    static String kind(Path storeRoot, Path path) {
        Path rel = storeRoot.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize());
        String r = rel.toString().replace('\\', '/');
        String file = rel.getFileName() == null ? "" : rel.getFileName().toString();
        if (r.startsWith(".mtc-log/")) {
            if (r.contains("/wal")) {
                return r.endsWith("/wal") ? "wal-dir" : "wal";
            }
            if (r.contains("/tmp/")) {
                return file.endsWith("-checkpoint") ? "checkpoint-tmp" : file.endsWith("-landmarks") ? "landmarks-tmp"
                        : file.endsWith("-staged") ? "staged-tmp" : "tile-tmp";
            }
            return "state";
        }
        if (r.matches("\\d+")) {
            return "log-dir";
        }
        if (r.matches("\\d+/(checkpoint|landmarks)")) {
            return file;
        }
        return Files.isDirectory(path) || !r.matches(".*/\\d{3}(\\.p/\\d+)?") ? "tile-dir" : "tile";
    }
}
