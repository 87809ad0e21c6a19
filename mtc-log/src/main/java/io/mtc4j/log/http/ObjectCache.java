package io.mtc4j.log.http;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded in-memory cache of immutable served objects (tiles and entry bundles, which tlog-tiles fixes once
 * written), keyed by their path under the prefix. When an insertion takes the total over the bound, entries are
 * evicted in the map's iteration order (effectively random) until it is back under 7/8 of the bound. Thread-safe.
 */
final class ObjectCache {
    private final long maxBytes;
    private final ConcurrentHashMap<String, ServedObject> map = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    ObjectCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    ServedObject get(String key) {
        return map.get(key);
    }

    /** Caches {@code obj} unless it alone exceeds the bound; evicts others to stay within it. */
    void put(String key, ServedObject obj) {
        long size = obj.footprint();
        if (size > maxBytes) {
            return;
        }
        if (map.putIfAbsent(key, obj) != null) {
            return;
        }
        // An object is accounted at its footprint when put; grew() adds what it gains while cached.
        if (bytes.addAndGet(size) > maxBytes) {
            evict(maxBytes - maxBytes / 8);
        }
    }

    /** Accounts {@code delta} more bytes held by a cached object (its gzip form, computed later). */
    void grew(long delta) {
        if (delta > 0 && bytes.addAndGet(delta) > maxBytes) {
            evict(maxBytes - maxBytes / 8);
        }
    }

    private void evict(long target) {
        Iterator<ServedObject> it = map.values().iterator();
        while (bytes.get() > target && it.hasNext()) {
            ServedObject o = it.next();
            it.remove();
            bytes.addAndGet(-o.footprint());
        }
    }

    long bytes() {
        return bytes.get();
    }

    int size() {
        return map.size();
    }
}
