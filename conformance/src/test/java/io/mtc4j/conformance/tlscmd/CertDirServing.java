package io.mtc4j.conformance.tlscmd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helper: {@code mtc tls serve --cert-dir DIR} in a thread, and {@code mtc tls connect} runs against it. */
public final class CertDirServing {
    private CertDirServing() {}

    /**
     * Serves {@code dir} on a free loopback port and runs {@code mtc tls connect <that port> <args...>} once per
     * argument list.
     *
     * @param dir the certificate directory
     * @param connects the arguments of each connect run, after HOST:PORT
     * @return each run's exit status and output, as "status\noutput", then what the server printed
     * @throws Exception if the server does not start
     */
    public static List<String> serveAndConnect(Path dir, List<List<String>> connects) throws Exception {
        List<String> results = new ArrayList<>();
        String served = serveDuring(dir, port -> {
            for (List<String> c : connects) {
                List<String> argv = new ArrayList<>(List.of("connect", "127.0.0.1:" + port));
                argv.addAll(c);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int status = new TlsCommand().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(out, true, StandardCharsets.UTF_8));
                results.add(status + "\n" + out.toString(StandardCharsets.UTF_8));
            }
        });
        results.add(served);
        return results;
    }

    /** What runs against the server, given its port. */
    public interface Client {
        /**
         * Runs against the server.
         *
         * @param port the server's loopback port
         * @throws Exception if the run fails
         */
        void run(int port) throws Exception;
    }

    /**
     * Serves {@code dir} on a free loopback port while {@code client} runs, then stops the server.
     *
     * @param dir the certificate directory
     * @param client what runs against it
     * @return what the server printed
     * @throws Exception if the server does not start or the client fails
     */
    public static String serveDuring(Path dir, Client client) throws Exception {
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        CompletableFuture<ServerSocket> listening = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            try {
                TlsCommand.serve(List.of("--cert-dir", dir.toString(), "--listen", "127.0.0.1:0"),
                        new PrintStream(served, true, StandardCharsets.UTF_8), System.err, listening::complete);
            } catch (Exception e) {
                listening.completeExceptionally(e);
            }
        }, "tls-serve-test");
        server.setDaemon(true);
        server.start();
        ServerSocket ss = listening.get(60, TimeUnit.SECONDS);
        try {
            client.run(ss.getLocalPort());
        } finally {
            ss.close();
        }
        return served.toString(StandardCharsets.UTF_8);
    }
}
