package io.mtc4j.spec.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the third-party interop corpora in {@code ../shared/vectors/interop/} beside the checkout. They are
 * read in place, never copied into the repository. Tests call {@link #corpus(String)}, which skips the test
 * with a clear message when the folder is absent.
 */
public final class Interop {
    private Interop() {}

    /** The interop folder, if present: {@code $MTC4J_SHARED/vectors/interop} or {@code <root>/../shared/...}. */
    public static Optional<Path> interopDir() {
        String env = System.getenv("MTC4J_SHARED");
        if (env != null && !env.isEmpty()) {
            Path p = Paths.get(env, "vectors", "interop");
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        String root = System.getProperty("mtc4j.root", "");
        Path start = root.isEmpty() ? Paths.get("").toAbsolutePath() : Paths.get(root).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("vectors").resolve("interop");
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The named corpus folder (e.g. {@code "draft-demo-plants05"}); skips the calling test when absent. */
    public static Path corpus(String name) {
        Optional<Path> dir = interopDir();
        Assumptions.assumeTrue(dir.isPresent(),
                "SKIPPED: interop corpora not found (expected ../shared/vectors/interop beside the checkout,"
                        + " or set MTC4J_SHARED); third-party vectors are not copied into the repo");
        Path p = dir.get().resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(p), "SKIPPED: interop corpus " + p + " is absent");
        return p;
    }
}
