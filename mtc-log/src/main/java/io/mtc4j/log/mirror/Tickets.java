package io.mtc4j.log.mirror;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Upload tickets (tlog-mirror §"add-entries": "storing the signed checkpoint in the ticket ... The mirror MUST
 * authenticate any information it derives from a ticket"). A ticket is {@code 0x01 ‖ note ‖ HMAC-SHA256(secret,
 * label ‖ SHA-256(origin) ‖ 0x01 ‖ note)}: the pending checkpoint, with the log signatures the mirror verified,
 * bound to its origin. A note too long for the 16-bit ticket length gets the empty ticket.
 */
final class Tickets {
    private static final byte VERSION = 1;
    private static final int MAC_SIZE = 32;
    private static final byte[] LABEL = "mtc4j tlog-mirror ticket\n".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    Tickets(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The ticket for pending checkpoint {@code note} of {@code origin}. */
    byte[] issue(String origin, byte[] note) {
        if (1 + note.length + MAC_SIZE > 0xffff) {
            return new byte[0];
        }
        byte[] body = ByteBuffer.allocate(1 + note.length).put(VERSION).put(note).array();
        byte[] mac = mac(origin, body);
        return ByteBuffer.allocate(body.length + MAC_SIZE).put(body).put(mac).array();
    }

    /** The note of an authentic ticket of {@code origin}; empty for anything else (including the empty ticket). */
    Optional<byte[]> open(String origin, byte[] ticket) {
        if (ticket.length < 1 + MAC_SIZE || ticket[0] != VERSION) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(ticket, ticket.length - MAC_SIZE);
        byte[] mac = Arrays.copyOfRange(ticket, ticket.length - MAC_SIZE, ticket.length);
        if (!MessageDigest.isEqual(mac, mac(origin, body))) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(body, 1, body.length));
    }

    private byte[] mac(String origin, byte[] body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(LABEL);
            m.update(MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8)));
            return m.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
