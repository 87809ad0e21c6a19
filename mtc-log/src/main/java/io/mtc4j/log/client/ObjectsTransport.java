package io.mtc4j.log.client;

import io.mtc4j.log.storage.LogObjects;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** {@link LogTransport#of}: reads a {@link LogObjects} store, bounding object sizes like the HTTP transport. */
final class ObjectsTransport implements LogTransport {
    private static final byte[] NONE = new byte[0];
    private final LogObjects objects;
    private final String where;
    private final AtomicLong requests = new AtomicLong();

    ObjectsTransport(LogObjects objects, String where) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.where = where.endsWith("/") ? where.substring(0, where.length() - 1) : where;
    }

    @Override
    public LogResponse get(String key, int maxBytes) {
        requests.incrementAndGet();
        Optional<byte[]> o;
        try {
            o = objects.read(key);
        } catch (RuntimeException e) {
            throw new LogClientException(LogClientException.Check.TRANSPORT, location(key), e.getMessage(), e);
        }
        if (o.isEmpty()) {
            return new LogResponse(key, location(key), 404, "", NONE);
        }
        if (o.get().length > maxBytes) {
            throw new LogClientException(LogClientException.Check.OVERSIZED, location(key), o.get().length
                    + " bytes, more than the " + maxBytes + " allowed");
        }
        return new LogResponse(key, location(key), 200, "", o.get());
    }

    @Override
    public String location(String key) {
        return where + "/" + key;
    }

    @Override
    public long requests() {
        return requests.get();
    }

    @Override
    public String toString() {
        return "LogTransport[" + where + "]";
    }
}
