package io.mtc4j.spec.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Minimal option parser shared by the CLI commands: {@code --flag}, {@code --key value}, {@code --key=value},
 * and positional arguments. Unknown options are a {@link UsageException}.
 */
public final class Args {
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * Parses {@code args}; {@code flags} take no value, {@code valued} take one (and may repeat).
     *
     * @param args the arguments
     * @param flags the flags
     * @param valued the value
     * @return the parsed value
     */
    public static Args parse(List<String> args, Set<String> flags, Set<String> valued) {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--") && s.length() > 2) {
                String key = s;
                String value = null;
                int eq = s.indexOf('=');
                if (eq > 0) {
                    key = s.substring(0, eq);
                    value = s.substring(eq + 1);
                }
                if (flags.contains(key) && value == null) {
                    a.options.computeIfAbsent(key, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(key)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(key + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    a.options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option " + key);
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    /**
     * Whether a flag was given.
     *
     * @param name the name
     * @return the flag
     */
    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /**
     * The value of an option given at most once.
     *
     * @param name the name
     * @return the value
     */
    public Optional<String> value(String name) {
        List<String> v = options.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /**
     * Every value of an option that may repeat, in order.
     *
     * @param name the name
     * @return the values
     */
    public List<String> values(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    /**
     * The arguments that are not options, in order.
     *
     * @return the positional
     */
    public List<String> positional() {
        return List.copyOf(positional);
    }
}
