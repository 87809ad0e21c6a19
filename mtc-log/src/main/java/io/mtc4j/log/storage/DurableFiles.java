package io.mtc4j.log.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The file-system steps of crash-atomic writes: write a temporary file and force it to disk, rename it over the
 * target (atomic on POSIX file systems), force the directory so the rename itself is durable. Several files are
 * forced in parallel, which lets the file system commit them in one journal transaction instead of one each.
 */
public final class DurableFiles {
    /** Plain file-system steps. */
    public static final DurableFiles PLAIN = new DurableFiles(Hook.NONE);

    private final Hook hook;

    /**
     * Called before each file-system step, with the step's name ({@code write}, {@code force}, {@code rename},
     * {@code mkdir}, {@code force-dir}, {@code delete}, {@code wal-write}, {@code wal-sync}) and its path (a
     * rename's target). Tests use it to stop the process at a chosen step (the kill -9 harness) and to follow what
     * a power loss would keep; it must not throw.
     */
    @FunctionalInterface
    public interface Hook {
        /** No hook. */
        Hook NONE = (step, path) -> {};

        /**
         * Called before a step.
         *
         * @param step the step's name
         * @param path the file or directory it acts on
         */
        void before(String step, Path path);

        /**
         * Called once a step has completed, with the same name and path ({@code from} is the renamed file for a
         * {@code rename}, else {@code path}). Nothing by default.
         */
        default void after(String step, Path path, Path from) {}
    }

    /**
     * File-system steps that call {@code hook} before each.
     *
     * @param hook called before each step
     */
    public DurableFiles(Hook hook) {
        this.hook = hook;
    }

    /** Creates (or truncates) {@code file}, writes {@code data} and forces content and metadata to disk. */
    public void writeAndForce(Path file, byte[] data) throws IOException {
        hook.before("write", file);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                c.write(b);
            }
            hook.before("force", file);
            c.force(true);
        }
        hook.after("write", file, file);
        hook.after("force", file, file);
    }

    /** Forces a file's content and metadata to disk (an existing file, found unsynced by recovery). */
    void force(Path file) throws IOException {
        hook.before("force", file);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            c.force(true);
        }
        hook.after("force", file, file);
    }

    /** Calls the hook before a step that another class takes (the write-ahead log's writes and syncs). */
    void hook(String step, Path path) {
        hook.before(step, path);
    }

    /** Calls the hook after a step that another class took. */
    void hookAfter(String step, Path path) {
        hook.after(step, path, path);
    }

    /** Forces a directory, making the creation, rename or removal of its entries durable. */
    public void forceDirectory(Path dir) throws IOException {
        hook.before("force-dir", dir);
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        }
        hook.after("force-dir", dir, dir);
    }

    /** Deletes {@code file} if it exists; not durable until the directory is forced. */
    public void delete(Path file) throws IOException {
        hook.before("delete", file);
        Files.deleteIfExists(file);
        hook.after("delete", file, file);
    }

    /** Atomically renames {@code from} to {@code to}, replacing {@code to}; not durable until the directory is forced. */
    public void rename(Path from, Path to) throws IOException {
        hook.before("rename", to);
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " to " + to + " atomically", e);
        }
        hook.after("rename", to, from);
    }

    /**
     * Creates {@code dir} and its missing parents; adds to {@code touched} every directory that gained an entry
     * (the parent of each directory created), which must be forced for the creation to be durable.
     */
    void createDirectories(Path dir, Collection<Path> touched) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        createDirectories(parent, touched);
        hook.before("mkdir", dir);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        hook.after("mkdir", dir, dir);
        touched.add(parent);
    }

    /** Runs {@code tasks} on {@code pool} and waits for all; the first failure is rethrown after all finished. */
    static void runAll(ExecutorService pool, List<IoTask> tasks) throws IOException {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        awaitAll(start(pool, tasks));
    }

    /** Starts {@code tasks} on {@code pool}; {@link #awaitAll} waits for them. */
    static List<Future<?>> start(ExecutorService pool, List<IoTask> tasks) {
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        for (IoTask t : tasks) {
            futures.add(pool.submit(() -> {
                t.run();
                return null;
            }));
        }
        return futures;
    }

    /** Waits for every one of {@code futures}; the first failure is rethrown after all finished. */
    static void awaitAll(List<Future<?>> futures) throws IOException {
        IOException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (first == null) {
                    first = new IOException("interrupted while forcing files to disk", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Forces every directory in {@code dirs}, in parallel. */
    void forceDirectories(ExecutorService pool, Collection<Path> dirs) throws IOException {
        List<IoTask> tasks = new ArrayList<>();
        for (Path d : dirs) {
            tasks.add(() -> forceDirectory(d));
        }
        runAll(pool, tasks);
    }

    /** One file-system step. */
    @FunctionalInterface
    interface IoTask {
        void run() throws IOException;
    }
}
