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
