package io.mtc4j.spec.landmark;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.Decimal;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The published active landmarks of one log (draft §"Publishing Landmarks"):
 * <pre>
 * &lt;last_landmark&gt; &lt;num_active_landmarks&gt;\n
 * &lt;tree size of landmark last_landmark&gt;\n
 * ...
 * &lt;tree size of landmark last_landmark - num_active_landmarks&gt;\n
 * </pre>
 * Every line ends in a newline and every tree size is at most 2^48-1, since a log holds at most 2^48-1 entries
 * (E22; draft §"Issuance Logs", the {@code uint48} start/end of a subtree); {@code num_active_landmarks <= max_active_landmarks} and
 * {@code <= last_landmark} (E23); the sizes strictly decrease and are at most the log's latest tree size (E24).
 * Numbers are unsigned decimal without leading zeros (so {@code format(parse(s)) == s}). mtc-tlog serves this at
 * {@code <prefix>/<log number>/landmarks}.
 *
 * @param lastLandmark the last landmark's number
 * @param treeSizes    line i holds landmark {@code lastLandmark - i}'s tree size; {@code num_active + 1} entries
 */
public record LandmarkList(long lastLandmark, List<Long> treeSizes) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param lastLandmark the last landmark's number
     * @param treeSizes line i holds landmark {@code lastLandmark - i}'s tree size; {@code num_active + 1} entries
     */
    public LandmarkList {
        treeSizes = List.copyOf(treeSizes);
        if (lastLandmark < 0) {
            throw new IllegalArgumentException("last_landmark out of range");
        }
        if (treeSizes.isEmpty()) {
            throw new IllegalArgumentException("at least the last landmark's tree size is required");
        }
        if (treeSizes.size() - 1 > lastLandmark) {
            throw new IllegalArgumentException("num_active_landmarks > last_landmark");
        }
        for (int i = 1; i < treeSizes.size(); i++) {
            if (Long.compareUnsigned(treeSizes.get(i), treeSizes.get(i - 1)) >= 0) {
                throw new IllegalArgumentException("tree sizes must be strictly decreasing (line " + (i + 1) + ")");
            }
        }
        for (long size : treeSizes) {
            if (Long.compareUnsigned(size, MAX_TREE_SIZE) > 0) {
                throw new IllegalArgumentException("tree size " + Long.toUnsignedString(size) + " exceeds 2^48-1");
            }
        }
        String zero = checkLandmarkZero(lastLandmark, treeSizes);
        if (zero != null) {
            throw new IllegalArgumentException(zero);
        }
    }

    /** The largest tree size of an issuance log: at most 2^48-1 entries (draft §"Issuance Logs"). */
    public static final long MAX_TREE_SIZE = (1L << 48) - 1;

    /**
     * draft §"Landmark Tree Sizes": "Landmark zero MUST have a tree size of zero. The sequence of tree sizes MUST
     * be append-only and strictly monotonically increasing." So the oldest listed landmark has size zero exactly
     * when it is landmark zero. Returns the violated rule, or null.
     */
    private static String checkLandmarkZero(long lastLandmark, List<Long> treeSizes) {
        long oldest = treeSizes.get(treeSizes.size() - 1);
        if (treeSizes.size() - 1 == lastLandmark && oldest != 0) {
            return "landmark zero MUST have tree size zero";
        }
        if (treeSizes.size() - 1 < lastLandmark && oldest == 0) {
            return "landmark " + (lastLandmark - treeSizes.size() + 1) + " has tree size zero, but landmark zero "
                    + "has tree size zero and tree sizes MUST strictly increase";
        }
        return null;
    }

    /**
     * {@code num_active_landmarks}.
     *
     * @return the {@code long}
     */
    public long numActiveLandmarks() {
        return treeSizes.size() - 1;
    }

    /**
     * Parses and checks every rule of draft §"Publishing Landmarks", including those against the CA's
     * {@code max_active_landmarks} and the log's latest tree size.
     *
     * @param text the text
     * @param maxActiveLandmarks the most landmarks a relying party keeps active
     * @param latestTreeSize the latest tree size
     * @return the parsed value
     */
    public static LandmarkList parse(String text, long maxActiveLandmarks, long latestTreeSize) {
        LandmarkList l = parse(text);
        if (l.numActiveLandmarks() > maxActiveLandmarks) {
            throw new MtcParseException("landmarks.num_active_landmarks",
                    "must be <= max_active_landmarks (" + maxActiveLandmarks + ")");
        }
        if (Long.compareUnsigned(l.treeSizes.get(0), latestTreeSize) > 0) {
            throw new MtcParseException("landmarks.tree_size", "must be <= the log's latest tree size ("
                    + Long.toUnsignedString(latestTreeSize) + ")");
        }
        return l;
    }

    /**
     * Parses and checks the rules that need no outside context (format, E22, num_active &lt;= last, E24 order).
     *
     * @param text the text
     * @return the parsed value
     */
    public static LandmarkList parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new MtcParseException("landmarks", "every line MUST be terminated by a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        String[] head = lines[0].split(" ", -1);
        if (head.length != 2) {
            throw new MtcParseException("landmarks.header", "must be '<last_landmark> <num_active_landmarks>'");
        }
        long last = Decimal.parseUnsigned("landmarks.last_landmark", head[0]);
        long num = Decimal.parseUnsigned("landmarks.num_active_landmarks", head[1]);
        if (last < 0) {
            throw new MtcParseException("landmarks.last_landmark", "exceeds 2^63-1");
        }
        if (Long.compareUnsigned(num, last) > 0) {
            throw new MtcParseException("landmarks.num_active_landmarks", "must be <= last_landmark");
        }
        if (lines.length - 1 != num + 1) {
            throw new MtcParseException("landmarks.tree_size", "expected num_active_landmarks + 1 = "
                    + Long.toUnsignedString(num + 1) + " tree size lines, got " + (lines.length - 1));
        }
        List<Long> sizes = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            long s = Decimal.parseUnsigned("landmarks.tree_size", lines[i]);
            if (Long.compareUnsigned(s, MAX_TREE_SIZE) > 0) {
                throw new MtcParseException("landmarks.tree_size", "line " + (i + 1) + ": "
                        + Long.toUnsignedString(s) + " exceeds 2^48-1, the most entries a log can hold");
            }
            if (!sizes.isEmpty() && Long.compareUnsigned(s, sizes.get(sizes.size() - 1)) >= 0) {
                throw new MtcParseException("landmarks.tree_size", "MUST be strictly decreasing (line " + (i + 1) + ")");
            }
            sizes.add(s);
        }
        String zero = checkLandmarkZero(last, sizes);
        if (zero != null) {
            throw new MtcParseException("landmarks.tree_size", zero);
        }
        return new LandmarkList(last, sizes);
    }

    /**
     * The text form; every line ends in a newline.
     *
     * @return the text form; every line ends in a newline
     */
    public String format() {
        StringBuilder b = new StringBuilder().append(lastLandmark).append(' ').append(numActiveLandmarks()).append('\n');
        for (long s : treeSizes) {
            b.append(Long.toUnsignedString(s)).append('\n');
        }
        return b.toString();
    }

    /**
     * The first active landmark, {@code last_landmark - num_active_landmarks + 1}. With no active landmarks
     * ({@code num_active_landmarks = 0}) this is {@code last_landmark + 1}, an unsigned value that is 2^63
     * (negative as a signed {@code long}) when {@code last_landmark = 2^63-1}; to walk the active landmarks use
     * {@link #activeLandmarks()}, which cannot overflow.
     *
     * @return the first active landmark, {@code last_landmark - num_active_landmarks + 1}
     */
    public long firstActiveLandmark() {
        return lastLandmark - numActiveLandmarks() + 1;
    }

    /**
     * The active landmarks {@code last_landmark - num_active_landmarks + 1 .. last_landmark}, oldest first; empty
     * when {@code num_active_landmarks = 0}. Walked by offset from {@code last_landmark}, so {@code last_landmark =
     * 2^63-1} does not overflow.
     *
     * @return the active landmark numbers, oldest first
     */
    public List<Long> activeLandmarks() {
        List<Long> out = new ArrayList<>();
        for (long i = numActiveLandmarks() - 1; i >= 0; i--) {
            out.add(lastLandmark - i);
        }
        return List.copyOf(out);
    }

    /**
     * Whether landmark {@code number} is active: {@code 0 <= last_landmark - number < num_active_landmarks}.
     *
     * @param number the number
     * @return whether landmark {@code number} is active: {@code 0 <= last_landmark - number < num_active_landmarks}
     */
    public boolean isActive(long number) {
        // number >= 0 and lastLandmark >= 0, so the difference cannot overflow
        return number >= 0 && number <= lastLandmark && lastLandmark - number < numActiveLandmarks();
    }

    /**
     * The tree size of landmark {@code number}, if this list holds it.
     *
     * @param number the number
     * @return the tree size of landmark {@code number}, if this list holds it
     */
    public Optional<Long> treeSize(long number) {
        if (number < 0 || number > lastLandmark || lastLandmark - number >= treeSizes.size()) {
            return Optional.empty();
        }
        return Optional.of(treeSizes.get((int) (lastLandmark - number)));
    }

    /**
     * The landmark subtrees of active landmark {@code number} (draft §"Landmark Tree Sizes").
     *
     * @throws IllegalArgumentException if landmark {@code number} is not active ({@link #isActive})
     * @param number the number
     * @return the landmark subtrees of active landmark {@code number} (draft §"Landmark Tree Sizes")
     */
    public List<Subtree> landmarkSubtrees(long number) {
        if (!isActive(number)) {
            throw new IllegalArgumentException("landmark " + number + " is not active");
        }
        // an active landmark is >= 1 and landmark number - 1 is in the list (num_active + 1 tree sizes)
        return Covering.coveringSubtrees(treeSize(number - 1).orElseThrow(), treeSize(number).orElseThrow());
    }

    /**
     * All active landmark subtrees, oldest landmark first (at most 2 * max_active_landmarks); empty if none.
     *
     * @return all active landmark subtrees, oldest landmark first (at most 2 * max_active_landmarks); empty if none
     */
    public List<LandmarkSubtree> activeLandmarkSubtrees() {
        List<LandmarkSubtree> out = new ArrayList<>();
        for (long l : activeLandmarks()) {
            for (Subtree s : landmarkSubtrees(l)) {
                out.add(new LandmarkSubtree(l, s));
            }
        }
        return List.copyOf(out);
    }

    /**
     * draft §"Constructing Landmark-Relative Certificates", steps 1-2: for entry index {@code index}, the smallest
     * active landmark L with {@code size(L) > index} and the one of its subtrees containing the index; or
     * {@link LandmarkChoice.Wait} if {@code index >= size(last_landmark)}; or {@link LandmarkChoice.Expired} if
     * {@code size(last_landmark - num_active_landmarks) > index}.
     *
     * @param index the entry's index
     * @return the {@code LandmarkChoice}
     */
    public LandmarkChoice chooseLandmark(long index) {
        if (Long.compareUnsigned(index, treeSizes.get(0)) >= 0) {
            return new LandmarkChoice.Wait();
        }
        if (Long.compareUnsigned(treeSizes.get(treeSizes.size() - 1), index) > 0) {
            return new LandmarkChoice.Expired();
        }
        // sizes decrease along the list; find the last line whose size is > index
        int i = 0;
        while (i + 1 < treeSizes.size() && Long.compareUnsigned(treeSizes.get(i + 1), index) > 0) {
            i++;
        }
        long landmark = lastLandmark - i;
        for (Subtree s : landmarkSubtrees(landmark)) {
            if (s.contains(index)) {
                return new LandmarkChoice.Found(new LandmarkSubtree(landmark, s));
            }
        }
        throw new IllegalStateException("covering subtrees do not contain " + index);
    }
}
