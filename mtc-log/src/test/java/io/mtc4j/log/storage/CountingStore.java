package io.mtc4j.log.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link LocalDirectoryStore} whose file-system steps are counted by name ({@code force}, {@code force-dir},
 * {@code wal-sync}, {@code rename}, ...; see {@link DurableFiles.Hook}), for benchmarks that report work per entry
 * (a measure that does not depend on how loaded the machine is).
 */
public final class CountingStore {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LocalDirectoryStore store;

    private CountingStore(Path dir) {
        this.store = LocalDirectoryStore.open(dir,
                new DurableFiles((step, path) -> counts.computeIfAbsent(step, k -> new LongAdder()).increment()));
    }

    /** Opens the store in {@code dir} with counted steps. */
    public static CountingStore open(Path dir) {
        return new CountingStore(dir);
    }

    /** The store. */
    public LocalDirectoryStore store() {
        return store;
    }

    /** The steps taken so far, by name. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The syncs taken so far: files and directories forced, and write-ahead records synced. */
    public long syncs() {
        Map<String, Long> c = counts();
        return c.getOrDefault("force", 0L) + c.getOrDefault("force-dir", 0L) + c.getOrDefault("wal-sync", 0L);
    }
}
