package io.mtc4j.conformance.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON configuration file of the {@code serve} commands built on {@link LogServerConfig} ({@code mtc log
 * serve}, {@code mtc mirror serve}): read strictly, its string fields, and the {@code listen} and {@code prefix}
 * settings they share. Every problem is a {@link UsageException} naming the file or field.
 */
public final class ServeConfigFile {
    private ServeConfigFile() {}

    /**
     * Reads {@code path}: one JSON object whose every field is one of {@code fields}.
     *
     * @param path   the file
     * @param label  how errors name the file, e.g. {@code --config FILE}
     * @param fields the fields the command knows
     * @return the object
     * @throws UsageException if the file cannot be read, is not one JSON object or has an unknown field
     */
    public static JsonNode read(Path path, String label, Set<String> fields) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UsageException(label + ": " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new UsageException(label + ": must hold one JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new UsageException(label + ": unknown field \"" + f + "\" (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
        return n;
    }

    /**
     * A string field of the file.
     *
     * @param file  the file's object, or null when there is no file
     * @param field the field
     * @return its value, empty if there is no file or it lacks the field
     * @throws UsageException if the field is not a string
     */
    public static Optional<String> text(JsonNode file, String field) {
        if (file == null || !file.has(field)) {
            return Optional.empty();
        }
        if (!file.get(field).isTextual()) {
            throw new UsageException("config field \"" + field + "\" must be a string");
        }
        return Optional.of(file.get(field).textValue());
    }

    /**
     * Applies {@code --listen HOST:PORT} and {@code --prefix PATH}, each overriding the file's {@code listen} and
     * {@code prefix}.
     *
     * @param c    the configuration so far
     * @param file the file's object, or null when there is no file
     * @param a    the command's arguments
     * @return the configuration with the listen address and prefix set
     * @throws UsageException if the listen address is not {@code HOST:PORT}
     * @throws IllegalArgumentException if {@link LogServerConfig} refuses the address or prefix
     */
    public static LogServerConfig listenAndPrefix(LogServerConfig c, JsonNode file, Args a) {
        Optional<String> listen = a.value("--listen").or(() -> text(file, "listen"));
        if (listen.isPresent()) {
            c = listen(c, listen.get());
        }
        Optional<String> prefix = a.value("--prefix").or(() -> text(file, "prefix"));
        if (prefix.isPresent()) {
            c = c.withPrefix(prefix.get());
        }
        return c;
    }

    /** {@code HOST:PORT}, the host possibly a bracketed IPv6 literal. */
    private static LogServerConfig listen(LogServerConfig c, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String port = colon < 0 ? "" : hostPort.substring(colon + 1);
        if (colon <= 0 || !port.matches("[0-9]{1,5}")) {
            throw new UsageException("--listen '" + hostPort + "' must be HOST:PORT (port 0 picks a free one)");
        }
        return c.withListen(hostPort.substring(0, colon), Integer.parseInt(port));
    }
}
