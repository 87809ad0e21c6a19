package io.mtc4j.log.storage;

import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.TestCa;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link Kill9Test}: opens the log in a directory (recovering it), then appends up to
 * {@code batches} deterministic batches, printing one line per event on stdout:
 * <pre>
 * open &lt;size&gt; &lt;base64 checkpoint&gt;                       after recovery
 * ack &lt;start&gt; &lt;end&gt; &lt;hex digest&gt; &lt;base64 checkpoint&gt;   after each append returned
 * done &lt;steps&gt;                                          after the last, with the file-system steps taken
 * crash &lt;step&gt;                                          just before an injected crash, naming the step
 * </pre>
 * It halts ({@link Runtime#halt}, no shutdown hooks, like a crash), exit status {@link #CRASH_EXIT}, just before
 * the file-system step that {@code CRASH} names: {@code 0} never, {@code k} the k-th step, {@code STEP:KIND:n} the
 * n-th step named {@code STEP} on a file of kind {@code KIND} ({@link PowerLossDisk#kind}, e.g.
 * {@code rename:checkpoint:2}). With {@code MODE} {@code power} it first writes into {@code IMAGE} what the disk
 * would hold if the power failed then ({@link PowerLossDisk}); with {@code process} the page cache survives.
 *
 * <p>Arguments: {@code DIR SEED BATCHES CRASH MODE IMAGE}.
 */
public final class Kill9Child {
    /** The exit status of an injected crash. */
    public static final int CRASH_EXIT = 77;

    private Kill9Child() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random rnd = new Random(Long.parseLong(args[1]));
        int batches = Integer.parseInt(args[2]);
        String crash = args[3];
        boolean power = args[4].equals("power");
        Path image = Path.of(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AtomicLong steps = new AtomicLong();
        AtomicLong named = new AtomicLong();
        PowerLossDisk[] disk = new PowerLossDisk[1];
        DurableFiles.Hook crasher = (step, path) -> {
            long k = steps.incrementAndGet();
            String kind = PowerLossDisk.kind(dir, path);
            boolean now;
            if (crash.contains(":")) {
                String[] c = crash.split(":");
                now = c[0].equals(step) && c[1].equals(kind) && named.incrementAndGet() == Long.parseLong(c[2]);
            } else {
                now = k == Long.parseLong(crash);
            }
            if (now) {
                crash(disk[0], image, out, step + " " + kind);
            }
        };
        DurableFiles files;
        java.nio.file.Files.createDirectories(dir);
        if (power) {
            disk[0] = new PowerLossDisk(dir, crasher);
            files = new DurableFiles(disk[0]);
        } else {
            files = new DurableFiles(crasher);
        }
        try (LocalDirectoryStore store = LocalDirectoryStore.open(dir, files);
                LogStorage w = store.openWriter(TestCa.LOG_NUMBER)) {
            Sequencer s = Sequencer.open(w, new TestCa(1).config());
            out.println("open " + s.size() + " " + b64(s.checkpoint()));
            for (int i = 0; i < batches; i++) {
                List<byte[]> es = TestCa.entries(rnd, 1 + rnd.nextInt(300));
                Sequencer.Appended a = s.append(es);
                out.println("ack " + a.start() + " " + a.end() + " " + digest(es) + " " + b64(a.checkpoint()));
            }
        }
        out.println("done " + steps.get());
    }

    /**
     * File-system steps that print {@code crash <step>} and halt ({@link Runtime#halt}, exit {@link #CRASH_EXIT})
     * just before the {@code crashStep}-th step (never for 0), counting the steps in {@code steps}.
     */
    public static DurableFiles crashing(long crashStep, AtomicLong steps, PrintStream out) {
        return new DurableFiles((step, path) -> {
            if (steps.incrementAndGet() == crashStep) {
                out.println("crash " + step);
                out.flush();
                Runtime.getRuntime().halt(CRASH_EXIT);
            }
        });
    }

    /**
     * Stops the process as a crash would; with a disk model, first writes what the disk holds, and halts holding the
     * model's lock, so that no step completes (and no append is acknowledged) after the image was taken.
     */
    private static void crash(PowerLossDisk disk, Path image, PrintStream out, String at) {
        if (disk == null) {
            out.println("crash " + at);
            out.flush();
            Runtime.getRuntime().halt(CRASH_EXIT);
        }
        synchronized (disk) {
            try {
                disk.writeImage(image);
            } catch (java.io.IOException e) {
                e.printStackTrace();
                Runtime.getRuntime().halt(1);
            }
            out.println("crash " + at);
            out.flush();
            Runtime.getRuntime().halt(CRASH_EXIT);
        }
    }

    /** SHA-256 over the entries, each with a 4-byte length prefix. */
    static String digest(List<byte[]> entries) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] e : entries) {
            md.update(new byte[] {(byte) (e.length >>> 24), (byte) (e.length >>> 16), (byte) (e.length >>> 8),
                    (byte) e.length});
            md.update(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
