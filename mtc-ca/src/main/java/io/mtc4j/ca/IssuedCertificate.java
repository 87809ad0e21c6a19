package io.mtc4j.ca;

import java.math.BigInteger;

/**
 * Where an acknowledged request's entry is: its log number and index, and the serial number its certificates
 * carry (draft §"Certificate Format": {@code (log_number << 48) | index}).
 *
 * @param serial    the serial number
 * @param logNumber the issuance log number
 * @param index     the entry's index in that log
 */
public record IssuedCertificate(BigInteger serial, int logNumber, long index) {
    /** Checks the serial is {@code (logNumber << 48) | index}. */
    public IssuedCertificate {
        if (!serial.equals(BigInteger.valueOf(logNumber).shiftLeft(48).or(BigInteger.valueOf(index)))) {
            throw new IllegalArgumentException("serial " + serial + " is not (" + logNumber + " << 48) | " + index);
        }
    }
}
