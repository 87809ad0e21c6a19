package io.mtc4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.vectors.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An implementation in any language behind the line protocol: the harness starts {@code command} (through
 * {@code sh -c}), writes one JSON request per line to its stdin and reads one JSON answer per line from its
 * stdout. A crash, a timeout or a malformed answer becomes an {@link Answer#KIND_PROTOCOL} error for that
 * request, and the process is restarted for the next one. The adapter's stderr goes to a log file whose tail
 * is quoted in protocol errors.
 */
public final class ProcessImplementation implements Implementation {
    private final List<String> command;
    private final String display;
    private final long timeoutMillis;
    private final Path stderrLog;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "adapter-reader");
        t.setDaemon(true);
        return t;
    });
    private Process process;
    private BufferedReader out;
    private OutputStream in;
    private long nextId = 1;

    /**
     * @param shellCommand the command line, run with {@code sh -c}
     * @param timeoutMillis how long one answer may take
     */
    public ProcessImplementation(String shellCommand, long timeoutMillis) throws IOException {
        this(List.of("sh", "-c", shellCommand), shellCommand, timeoutMillis);
    }

    /** Starts {@code argv} directly (no shell). */
    public ProcessImplementation(List<String> argv, String display, long timeoutMillis) throws IOException {
        this.command = List.copyOf(argv);
        this.display = display;
        this.timeoutMillis = timeoutMillis;
        this.stderrLog = Files.createTempFile("mtc-adapter-", ".stderr");
        start();
    }

    private void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        process = pb.start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = process.getOutputStream();
    }

    @Override
    public synchronized Answer call(String op, ObjectNode request) {
        long id = nextId++;
        ObjectNode line = Json.object();
        line.put("id", id);
        line.put("op", op);
        request.fields().forEachRemaining(e -> line.set(e.getKey(), e.getValue()));
        try {
            if (!process.isAlive()) {
                start();
            }
            in.write((Json.compact(line) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            Future<String> f = reader.submit(out::readLine);
            String answer = f.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (answer == null) {
                return crashed("adapter closed its stdout");
            }
            JsonNode a;
            try {
                a = Json.parse(answer);
            } catch (MtcParseException e) {
                return Answer.error(Answer.KIND_PROTOCOL, "answer is not JSON: " + shorten(answer));
            }
            if (!a.path("id").canConvertToLong() || a.path("id").asLong() != id) {
                restart();
                return Answer.error(Answer.KIND_PROTOCOL, "answer id " + a.path("id") + " does not match " + id);
            }
            return Answer.fromWire(a);
        } catch (TimeoutException e) {
            restart();
            return Answer.error(Answer.KIND_PROTOCOL, "no answer within " + timeoutMillis + " ms; adapter restarted");
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            return crashed("I/O error talking to the adapter: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(Answer.KIND_PROTOCOL, "interrupted");
        }
    }

    private Answer crashed(String what) {
        restart();
        return Answer.error(Answer.KIND_PROTOCOL, what + "; stderr tail: " + stderrTail());
    }

    private void restart() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            start();
        } catch (IOException e) {
            // The next call reports the failure again.
        }
    }

    private String stderrTail() {
        try {
            String s = Files.readString(stderrLog, StandardCharsets.UTF_8);
            return shorten(s.length() > 400 ? s.substring(s.length() - 400) : s);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static String shorten(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    @Override
    public String describe() {
        return display;
    }

    /** The file collecting the adapter's stderr. */
    public Path stderrLog() {
        return stderrLog;
    }

    @Override
    public synchronized void close() {
        try {
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            reader.shutdownNow();
        }
    }
}
