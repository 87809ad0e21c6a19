package io.mtc4j.conformance.mirrorcmd;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mtc mirror serve} in a child JVM on the test classpath, once it has printed its {@code vkey:} lines and
 * {@code mirror: <URL>}.
 *
 * @param process the child
 * @param url     the mirror's prefix URL
 * @param vkeys   the mirror's verifier keys, as printed
 */
record MirrorProcess(Process process, URI url, List<String> vkeys) {
    /**
     * Starts {@code mtc mirror serve DIR ARGS...} with {@code env} added to the environment, its stderr to
     * {@code stderr}; returns once it is ready (fails the test if it exits first, with the end of its stderr).
     */
    static MirrorProcess start(Path mirrorDir, Path stderr, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Optional<MirrorProcess> p = tryStart(mirrorDir, stderr, env, args);
        if (p.isEmpty()) {
            fail("mtc mirror serve exited before it was ready: " + tail(stderr));
        }
        return p.get();
    }

    /** As {@link #start}, empty if the child exits before it is ready (its stderr says why). */
    static Optional<MirrorProcess> tryStart(Path mirrorDir, Path stderr, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "io.mtc4j.spec.cli.Main", "mirror",
                "serve", mirrorDir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> vkeys = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("vkey: ")) {
                vkeys.add(line.substring(6));
            } else if (line.startsWith("mirror: ")) {
                return Optional.of(new MirrorProcess(p, URI.create(line.substring(8)), vkeys));
            } else {
                fail("unexpected output: " + line);
            }
        }
        p.waitFor();
        return Optional.empty();
    }

    /** The last 4000 characters of {@code file}. */
    static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
