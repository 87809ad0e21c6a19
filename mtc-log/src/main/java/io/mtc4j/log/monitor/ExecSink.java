package io.mtc4j.log.monitor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a command per alert: the alert's JSON line on its standard input, and {@code MTC_ALERT_ID},
 * {@code MTC_ALERT_RULE}, {@code MTC_ALERT_LOG}, {@code MTC_ALERT_INDEX}, {@code MTC_ALERT_EVIDENCE} in its
 * environment. Its standard output is discarded (the monitor's is for alerts), its standard error is the
 * monitor's; an exit status other than 0 is a failed delivery.
 */
public final class ExecSink implements AlertSink {
    private final List<String> command;

    /**
     * A hook running {@code command} (the program and its arguments; no shell).
     *
     * @param command the command
     */
    public ExecSink(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an exec hook needs a command");
        }
        this.command = List.copyOf(command);
    }

    @Override
    public void deliver(Alert alert, byte[] evidence) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("MTC_ALERT_ID", alert.id());
        env.put("MTC_ALERT_RULE", alert.rule());
        env.put("MTC_ALERT_LOG", Integer.toString(alert.logNumber()));
        env.put("MTC_ALERT_INDEX", Long.toString(alert.index()));
        env.put("MTC_ALERT_EVIDENCE", Path.of(alert.evidence()).toAbsolutePath().toString());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((alert.json() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command need not read its input
        }
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException("exec hook " + command.get(0) + " exited " + rc + " for alert " + alert.id());
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("exec hook " + command.get(0) + ": interrupted", e);
        }
    }
}
