package io.mtc4j.rp.config;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A half-open range {@code [start, end)} of serial numbers, 0 &lt;= start &lt;= end &lt;= 2^64 (draft §"Revoked
 * Ranges"). Serials are {@code (log_number << 48) | index}, so a range can cover entries of one log or whole logs.
 */
public record SerialRange(BigInteger start, BigInteger end) {
    /** 2^64: one past the largest serial. */
    public static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(64);

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     */
    public SerialRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.signum() < 0 || end.compareTo(LIMIT) > 0 || start.compareTo(end) > 0) {
            throw new IllegalArgumentException("serial range [" + start + ", " + end + ") is not within [0, 2^64)"
                    + " with start <= end");
        }
    }

    /**
     * The serial {@code (logNumber << 48) | index}.
     *
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @return the serial {@code (logNumber << 48) | index}
     */
    public static BigInteger serial(int logNumber, long index) {
        if (logNumber < 0 || logNumber > 0xffff || index < 0 || index >= (1L << 48)) {
            throw new IllegalArgumentException("log " + logNumber + " index " + index + " out of range");
        }
        return BigInteger.valueOf(logNumber).shiftLeft(48).or(BigInteger.valueOf(index));
    }

    /**
     * Every serial of log {@code logNumber}.
     *
     * @param logNumber the log number (1..65535)
     * @return every serial of log {@code logNumber}
     */
    public static SerialRange wholeLog(int logNumber) {
        return new SerialRange(serial(logNumber, 0), BigInteger.valueOf(logNumber + 1L).shiftLeft(48));
    }

    /**
     * Whether the range holds {@code serial}.
     *
     * @param serial the serial number
     * @return the contains
     */
    public boolean contains(BigInteger serial) {
        return serial.compareTo(start) >= 0 && serial.compareTo(end) < 0;
    }

    /**
     * Whether the range holds no serial (start = end).
     *
     * @return {@code true} when start = end
     */
    public boolean isEmpty() {
        return start.equals(end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
