package io.mtc4j.rp.subtrees;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The active part of a log's landmark sequence as a CA publishes it (draft §"Publishing Landmarks"): the last
 * landmark number and the tree sizes of landmarks {@code last - num_active .. last}, newest first. Landmark L's
 * subtrees are the two that cover {@code [size(L-1), size(L))} (draft §"Landmark Tree Sizes").
 *
 * @param lastLandmark the newest landmark number
 * @param treeSizes    {@code treeSizes.get(i)} is the tree size of landmark {@code lastLandmark - i}; strictly
 *                     decreasing; {@code num_active_landmarks + 1} entries
 */
public record Landmarks(long lastLandmark, List<Long> treeSizes) {
    public Landmarks {
        treeSizes = List.copyOf(treeSizes);
        if (treeSizes.isEmpty()) {
            throw new IllegalArgumentException("at least one tree size is needed");
        }
        if (lastLandmark < 0 || treeSizes.size() - 1 > lastLandmark) {
            throw new IllegalArgumentException("num_active_landmarks " + (treeSizes.size() - 1)
                    + " exceeds last_landmark " + lastLandmark);
        }
        for (int i = 1; i < treeSizes.size(); i++) {
            if (Long.compareUnsigned(treeSizes.get(i), treeSizes.get(i - 1)) >= 0) {
                throw new IllegalArgumentException("tree sizes are not strictly decreasing at line " + (i + 1));
            }
        }
        if (treeSizes.size() - 1 == lastLandmark && treeSizes.get(treeSizes.size() - 1) != 0) {
            throw new IllegalArgumentException("landmark 0 must have tree size 0");
        }
    }

    /**
     * Parses the publication format: {@code "<last_landmark> <num_active_landmarks>\n"} then
     * {@code num_active_landmarks + 1} lines of tree sizes, every line ending in LF; decimal without leading zeros.
     *
     * @param maxActiveLandmarks the CA's {@code max_active_landmarks} (0 to skip that check)
     */
    public static Landmarks parse(byte[] text, long maxActiveLandmarks) {
        String s = new String(text, StandardCharsets.UTF_8);
        if (s.isEmpty() || !s.endsWith("\n")) {
            throw new MtcParseException("landmarks", "every line must end in a newline (U+000A)");
        }
        String[] lines = s.substring(0, s.length() - 1).split("\n", -1);
        String[] head = lines[0].split(" ", -1);
        if (head.length != 2) {
            throw new MtcParseException("landmarks.line[1]", "must be '<last_landmark> <num_active_landmarks>'");
        }
        long last = decimal(head[0], "landmarks.last_landmark");
        long num = decimal(head[1], "landmarks.num_active_landmarks");
        if (maxActiveLandmarks > 0 && num > maxActiveLandmarks) {
            throw new MtcParseException("landmarks.num_active_landmarks", "is " + num + ", above max_active_landmarks "
                    + maxActiveLandmarks);
        }
        if (num > last) {
            throw new MtcParseException("landmarks.num_active_landmarks", "is " + num + ", above last_landmark "
                    + last);
        }
        if (lines.length - 1 != num + 1) {
            throw new MtcParseException("landmarks", "expected " + (num + 1) + " tree-size lines, found "
                    + (lines.length - 1));
        }
        List<Long> sizes = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            sizes.add(decimal(lines[i], "landmarks.line[" + (i + 1) + "]"));
        }
        try {
            return new Landmarks(last, sizes);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException("landmarks", e.getMessage());
        }
    }

    private static long decimal(String s, String field) {
        if (!s.matches("0|[1-9][0-9]{0,18}")) {
            throw new MtcParseException(field, "'" + s + "' is not a decimal integer without leading zeros");
        }
        return Long.parseLong(s);
    }

    /** num_active_landmarks. */
    public int numActive() {
        return treeSizes.size() - 1;
    }

    /** The active landmarks, oldest first: {@code last - num_active + 1 .. last}. */
    public List<Long> activeLandmarks() {
        List<Long> out = new ArrayList<>();
        for (long l = lastLandmark - numActive() + 1; l <= lastLandmark; l++) {
            out.add(l);
        }
        return out;
    }

    /** Tree size of landmark {@code l}, which must be within {@code last - num_active .. last}. */
    public long treeSize(long l) {
        long i = lastLandmark - l;
        if (i < 0 || i >= treeSizes.size()) {
            throw new IllegalArgumentException("landmark " + l + " is not in this list");
        }
        return treeSizes.get((int) i);
    }

    /** Landmark {@code l}'s two subtrees (draft §"Landmark Tree Sizes"); {@code l} must be active. */
    public List<Subtree> subtrees(long l) {
        if (l <= lastLandmark - numActive() || l > lastLandmark) {
            throw new IllegalArgumentException("landmark " + l + " is not active");
        }
        return Covering.coveringSubtrees(treeSize(l - 1), treeSize(l));
    }
}
