package io.mtc4j.log.storage;

import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Opens a {@link LogStore} from a storage location, as given on a command line or in a configuration file:
 * <ul>
 *   <li>a plain path, or a {@code file:} URI: a {@link LocalDirectoryStore} in that directory;</li>
 *   <li>an {@code s3pg://BUCKET[/PREFIX]?endpoint=...&region=...&jdbc=...} URI: an {@link S3PgLogStore}
 *       (S3-compatible object storage plus PostgreSQL; see {@link S3PgConfig} for the parameters and where the
 *       credentials come from).</li>
 * </ul>
 */
public final class LogStores {
    /** An RFC 3986 scheme of two or more characters followed by a colon. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private LogStores() {}

    /**
     * The store at {@code location}: a directory path or {@code file:} URI opens the local directory back end.
     *
     * @throws IllegalArgumentException for an unknown scheme or a malformed URI, naming it
     * @throws LogStorageException if the back end cannot be opened
     */
    public static LogStore open(String location) {
        var m = SCHEME.matcher(location);
        if (!m.find()) {
            if (location.isEmpty()) {
                throw new IllegalArgumentException("storage location is empty");
            }
            return LocalDirectoryStore.open(Path.of(location));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return LocalDirectoryStore.open(Path.of(uri(location)));
            case S3PgConfig.SCHEME:
                return S3PgLogStore.open(location);
            default:
                throw new IllegalArgumentException("storage location '" + location + "': unknown scheme '" + scheme
                        + "' (known: a directory path, file:, s3pg:)");
        }
    }

    private static URI uri(String location) {
        try {
            URI u = new URI(location);
            if (u.getPath() == null || u.getPath().isEmpty() || u.getQuery() != null || u.getFragment() != null
                    || (u.getAuthority() != null && !u.getAuthority().isEmpty()
                            && !u.getAuthority().equals("localhost"))) {
                throw new IllegalArgumentException("storage location '" + location
                        + "': a file: URI must be file:/path or file:///path, with no query or fragment");
            }
            return new URI("file", null, u.getPath(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("storage location '" + location + "' is not a valid URI: "
                    + e.getMessage(), e);
        }
    }
}
