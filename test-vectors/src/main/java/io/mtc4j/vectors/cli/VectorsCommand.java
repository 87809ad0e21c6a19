package io.mtc4j.vectors.cli;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.Command;
import io.mtc4j.spec.cli.UsageException;
import io.mtc4j.vectors.VectorDiff;
import io.mtc4j.vectors.VectorSet;
import io.mtc4j.vectors.gen.VectorGenerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code mtc vectors generate --out DIR [--profile P]} and {@code mtc vectors diff A B}. */
public final class VectorsCommand implements Command {
    @Override
    public String name() {
        return "vectors";
    }

    @Override
    public String summary() {
        return "generate the language-neutral test vectors, or diff two generated sets";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: mtc vectors generate --out DIR [--profile P]",
                "       mtc vectors diff A B",
                "",
                "generate  writes the whole vector set (index.json, one JSON file per procedure, schema/) byte for",
                "          byte the same on every run; --profile restricts it to one of " + Profile.names(),
                "diff      compares two sets (directories, or 'committed' for the set shipped in mtc4j) and prints",
                "          one line per changed field of each test: FILE#tcId /path: old -> new");
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("missing sub-command (generate or diff)");
        }
        String sub = argv.get(0);
        Args a = Args.parse(argv.subList(1, argv.size()), Set.of(), Set.of("--out", "--profile"));
        switch (sub) {
            case "generate" -> {
                Path dir = Path.of(a.value("--out").orElseThrow(() -> new UsageException("--out DIR is required")));
                Optional<Profile> p = a.value("--profile").map(Profile::fromName);
                int n = VectorGenerator.write(dir, p);
                out.println("wrote " + n + " tests to " + dir);
                return 0;
            }
            case "diff" -> {
                if (a.positional().size() != 2) {
                    throw new UsageException("diff needs two sets: A B");
                }
                VectorSet x = open(a.positional().get(0));
                VectorSet y = open(a.positional().get(1));
                List<VectorDiff.Change> changes = VectorDiff.diff(x, y);
                changes.forEach(out::println);
                out.println(changes.isEmpty() ? "no differences" : changes.size() + " differences");
                return changes.isEmpty() ? 0 : 1;
            }
            default -> throw new UsageException("unknown sub-command '" + sub + "'");
        }
    }

    private static VectorSet open(String where) {
        return where.equals("committed") ? VectorSet.committed() : VectorSet.directory(Path.of(where));
    }
}
