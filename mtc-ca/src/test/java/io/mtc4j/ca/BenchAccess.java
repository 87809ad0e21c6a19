package io.mtc4j.ca;

/** What the benchmarks in {@code io.mtc4j.ca.bench} reach of the package: one issuance run on demand. */
public final class BenchAccess {
    private BenchAccess() {}

    /**
     * Runs one issuance run now and waits for it.
     *
     * @param ca the CA
     */
    public static void runNow(CertificationAuthority ca) {
        ca.runNow();
    }

    /**
     * The run's cost split so far: journal, log append, certificates (seconds, from the CA's metrics).
     *
     * @param ca the CA
     * @return the Prometheus text of the CA's metrics
     */
    public static String metrics(CertificationAuthority ca) {
        return ca.metrics().render(ca.currentLog(), ca.treeSize(), ca.pending(), true);
    }

    /**
     * A validated request for {@code name}, as the intake policy would produce it.
     *
     * @param name      the DNS name
     * @param notBefore the start of validity (whole seconds)
     * @return the request
     */
    public static IssuanceRequest request(String name, java.time.Instant notBefore) {
        return TestRequests.dns(name, notBefore);
    }
}
