package io.mtc4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For the tests of ACME clients: a CA made by {@code mtc ca init} and run by {@code mtc ca serve} in a child JVM
 * (real HTTP on loopback), its ACME directory URL read from the {@code acme: } line it prints once ready. Closing
 * it sends SIGTERM and waits (bounded) for the process to end.
 */
public final class ServedCa implements AutoCloseable {
    private final Process server;
    private final String acme;

    private ServedCa(Process server, String acme) {
        this.server = server;
        this.acme = acme;
    }

    /**
     * {@code mtc ca init DIR} with short checkpoint and landmark intervals (200 ms, 1 s), a 2-day maximum lifetime
     * and public URL {@code http://127.0.0.1:8080/mtc}; asserts it succeeds.
     *
     * @param dir the CA directory to create
     * @return the exit status (as text), stdout and stderr
     */
    public static String[] init(Path dir) {
        String[] init = CliRun.run("ca", "init", dir.toString(), "--checkpoint-interval", "200ms",
                "--landmark-interval", "1s", "--max-lifetime", "2d", "--public-url", "http://127.0.0.1:8080/mtc");
        assertEquals("0", init[0], init[2]);
        return init;
    }

    /**
     * A loopback port free when asked (for an http-01 responder).
     *
     * @return the port
     * @throws IOException if no socket can be bound
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code mtc ca serve DIR --listen 127.0.0.1:0 [--acme-resolve R]...} and waits for its {@code acme: }
     * line.
     *
     * @param dir         the CA directory
     * @param stderr      where the server's stderr goes
     * @param acmeResolve the {@code --acme-resolve} values ({@code NAME=HOST:PORT})
     * @return the running server
     * @throws IOException if it cannot be started or prints no {@code acme: } line
     */
    public static ServedCa start(Path dir, Path stderr, String... acmeResolve) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ca", "serve", dir.toString(),
                "--listen", "127.0.0.1:0"));
        for (String r : acmeResolve) {
            cmd.add("--acme-resolve");
            cmd.add(r);
        }
        Process server = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String l; (l = stdout.readLine()) != null; ) {
                if (l.startsWith("acme: ")) {
                    return new ServedCa(server, l.substring("acme: ".length()));
                }
            }
            throw new AssertionError("no 'acme: ' line; stderr:\n" + Files.readString(stderr));
        } catch (IOException | RuntimeException | AssertionError e) {
            stop(server);
            throw e;
        }
    }

    /**
     * The ACME directory URL.
     *
     * @return the URL the server printed
     */
    public String acme() {
        return acme;
    }

    /** SIGTERM, then waits up to 60 s for the server to stop (asserted). */
    @Override
    public void close() {
        stop(server);
    }

    private static void stop(Process server) {
        server.destroy();
        try {
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the CA server did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
