package io.mtc4j.log.http;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Structured logs: one JSON object per line ({@code ts}, {@code level}, {@code event}, then event fields). Lines go
 * through a bounded queue to a writer thread, so a slow terminal never stalls a request; when the queue is full a
 * line is dropped and counted (a metric). Never logs keys: the server holds none.
 */
public final class JsonLog implements AutoCloseable {
    private static final int QUEUE = 65_536;
    private static final String STOP = new String("stop");

    private final PrintStream out;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;

    /**
     * A log writing to {@code out}.
     *
     * @param out where the lines go
     */
    public JsonLog(PrintStream out) {
        this.out = out;
        this.writer = new Thread(this::drain, "mtc-log-http-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * A log line builder: {@code line("info", "request").field("status", 200).emit()}.
     *
     * @param level the level ({@code info}, {@code warn}, {@code error})
     * @param event the event's name
     * @return the line, emitted by {@link Line#emit()}
     */
    public Line line(String level, String event) {
        return new Line(level, event);
    }

    /**
     * Lines dropped because the writer fell behind.
     *
     * @return the count
     */
    public long dropped() {
        return dropped.sum();
    }

    private void drain() {
        try {
            while (true) {
                String s = queue.take();
                if (s == STOP) {
                    break;
                }
                out.println(s);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String s;
        while ((s = queue.poll()) != null && s != STOP) {
            out.println(s);
        }
        out.flush();
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line being built. */
    public final class Line {
        private final StringBuilder sb = new StringBuilder(160);

        private Line(String level, String event) {
            sb.append("{\"ts\":\"").append(Instant.now()).append("\",\"level\":\"").append(level)
                    .append("\",\"event\":\"").append(event).append('"');
        }

        /**
         * Adds a string field.
         *
         * @param name the field's name
         * @param value its value (escaped)
         * @return this line
         */
        public Line field(String name, String value) {
            sb.append(",\"").append(name).append("\":");
            quote(sb, value);
            return this;
        }

        /**
         * Adds a number field.
         *
         * @param name the field's name
         * @param value its value
         * @return this line
         */
        public Line field(String name, long value) {
            sb.append(",\"").append(name).append("\":").append(value);
            return this;
        }

        /** Queues the line (dropped and counted if the queue is full). */
        public void emit() {
            if (!queue.offer(sb.append('}').toString())) {
                dropped.increment();
            }
        }
    }

    /** A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
