package io.mtc4j.log.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The storage contract for the local directory back end, on temporary directories. */
class LocalDirectoryStoreContractTest extends LogStoreContract {
    private final List<Path> dirs = new ArrayList<>();

    @Override
    protected String freshLocation() throws IOException {
        Path d = Files.createTempDirectory("mtc-log-contract");
        dirs.add(d);
        return dirs.size() % 2 == 0 ? d.toUri().toString() : d.toString(); // both forms LogStores accepts
    }

    @Override
    protected void cleanUp() throws IOException {
        for (Path d : dirs) {
            deleteTree(d);
        }
        dirs.clear();
    }

    static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
