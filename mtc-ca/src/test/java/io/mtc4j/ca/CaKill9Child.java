package io.mtc4j.ca;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link CaKill9Test}: opens the CA (recovering), prints {@code open <size> <checkpoint>}, starts
 * the issuance runs and submits batches, three in flight at a time, printing {@code ack <index> <name>} for every
 * acknowledged request. After {@code rounds} rounds it closes the CA (a clean drain) and prints {@code closed}.
 * Arguments: DIR SEED ROUNDS.
 */
final class CaKill9Child {
    private CaKill9Child() {}

    /** A new CA in {@code dir} for a kill -9 harness: a run every 20 ms, a landmark every second. */
    static void initCa(Path dir) {
        CaConfig config = new CaConfig(CertificationAuthorityTest.CA_ID, "http://127.0.0.1:8080/log", "127.0.0.1:0",
                java.time.Duration.ofDays(7), java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(1), "log",
                100_000, 16);
        CertificationAuthority.init(dir, config, true, new java.security.SecureRandom(), CertificationAuthorityTest.NOW);
    }

    /** The harness's random source: {@code -D<property>=S} repeats a run; prints the seed. */
    static Random seeded(String what, String property, int trials) {
        long seed = Long.getLong(property, new java.security.SecureRandom().nextLong());
        System.out.println(what + ": " + trials + " trials, -D" + property + "=" + seed);
        return new Random(seed);
    }

    /**
     * One trial of a kill -9 harness: runs this child on {@code dir} and SIGKILLs it after {@code killAfter}
     * acknowledgements (or lets it close after {@code rounds} rounds), recording every acknowledged index and name
     * in {@code acked} (an index acknowledged twice fails) and every checkpoint it opened on in {@code opened}.
     *
     * @return whether the child was killed (false: it finished and closed)
     * @throws AssertionError if the child stopped by itself
     */
    static boolean trial(Path dir, Path stderr, long seed, int rounds, int killAfter, java.util.Map<Long, String> acked,
            List<byte[]> opened) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CaKill9Child.class.getName(), dir.toString(),
                Long.toString(seed), Integer.toString(rounds))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        int acks = 0;
        boolean sawClosed = false;
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String s = out.readLine(); s != null; s = out.readLine()) {
                String[] f = s.split(" ");
                if (f[0].equals("open")) {
                    opened.add(java.util.Base64.getDecoder().decode(f[2]));
                } else if (f[0].equals("ack")) {
                    if (acked.put(Long.parseLong(f[1]), f[2]) != null) {
                        throw new AssertionError("index " + f[1] + " acknowledged twice");
                    }
                    if (++acks >= killAfter) {
                        p.destroyForcibly();
                        return true;
                    }
                } else if (f[0].equals("closed")) {
                    sawClosed = true;
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        if (!sawClosed) {
            throw new AssertionError("the child stopped by itself: exit " + p.exitValue() + "\n"
                    + java.nio.file.Files.readString(stderr));
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random r = new Random(Long.parseLong(args[1]));
        int rounds = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CertificationAuthority ca = CertificationAuthority.open(dir);
        out.println("open " + ca.treeSize() + " " + Base64.getEncoder().encodeToString(ca.checkpoint()));
        ca.start();
        String tag = Long.toHexString(r.nextLong() & 0xffffffffL);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<List<IssuedCertificate>>> acks = new ArrayList<>();
            List<List<String>> names = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                int n = 1 + r.nextInt(40);
                List<IssuanceRequest> rs = new ArrayList<>();
                List<String> ns = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String name = "k" + tag + "-" + round + "-" + b + "-" + i + ".example";
                    ns.add(name);
                    rs.add(TestRequests.dns(name, now));
                }
                acks.add(ca.submit(rs));
                names.add(ns);
            }
            for (int b = 0; b < acks.size(); b++) {
                List<IssuedCertificate> got = acks.get(b).get();
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < got.size(); i++) {
                    s.append("ack ").append(got.get(i).index()).append(' ').append(names.get(b).get(i)).append('\n');
                }
                out.print(s);
                out.flush();
            }
        }
        ca.close();
        out.println("closed");
    }
}
