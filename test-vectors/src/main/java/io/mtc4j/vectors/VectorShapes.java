package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import java.util.List;

/**
 * The protocol's JSON shapes of parsed values (certificates, landmark choices), shared by the vector generator (expected outputs) and
 * mtc4j's adapter (answers) so both describe a certificate the same way.
 */
public final class VectorShapes {
    private VectorShapes() {}

    /**
     * {@code cert.parse} result: {@code {serial, log_number, index, start, end, extensions: [{type, data}],
     * inclusion_proof: [...], signatures: [{cosigner_id, signature}], issuer_ca_id}}; cosigner and issuer IDs in
     * ASCII. Before plants-04 the issuer is the log ID and log_number is 0 (the serial is the bare index).
     */
    public static ObjectNode parsed(MtcCertificate c) {
        ObjectNode o = Json.object();
        o.set("serial", Json.integer(c.serial()));
        o.put("log_number", c.logNumber());
        o.set("index", Json.u64(c.index()));
        o.set("start", Json.u64(c.proof().start()));
        o.set("end", Json.u64(c.proof().end()));
        ArrayNode ext = o.putArray("extensions");
        for (EntryExtension e : c.proof().extensions()) {
            ext.addObject().put("type", e.type()).put("data", Json.hex(e.data()));
        }
        o.set("inclusion_proof", Json.hexList(c.proof().inclusionProof()));
        ArrayNode sigs = o.putArray("signatures");
        for (SubtreeSignature s : c.proof().signatures()) {
            sigs.addObject().put("cosigner_id", s.cosignerId().ascii()).put("signature", Json.hex(s.signature()));
        }
        o.put("issuer_ca_id", c.issuerCaId().ascii());
        return o;
    }

    /** {@code {hash}}: the result of the Merkle ops that produce one hash (subtree hash, evaluated inclusion proof). */
    public static ObjectNode hash(byte[] h) {
        ObjectNode o = Json.object();
        o.put("hash", Json.hex(h));
        return o;
    }

    /** {@code {proof}}: the result of the Merkle ops that produce a proof (inclusion, consistency), hashes in hex. */
    public static ObjectNode proof(List<byte[]> p) {
        ObjectNode o = Json.object();
        o.set("proof", Json.hexList(p));
        return o;
    }

    /** {@code cert.entry} result: {@code {entry, entry_hash}} (the reconstructed MTCLogEntry, SHA-256). */
    public static ObjectNode entry(MtcCertificate c) {
        HashFunction h = HashFunction.sha256();
        MtcLogEntry e = c.logEntry(h);
        ObjectNode o = Json.object();
        o.put("entry", Json.hex(e.encode()));
        o.put("entry_hash", Json.hex(e.entryHash(h)));
        return o;
    }

    /** {@code landmarks.select} result: {@code {outcome, landmark?, start?, end?}}. */
    public static ObjectNode landmarkChoice(io.mtc4j.spec.landmark.LandmarkChoice c) {
        ObjectNode o = Json.object();
        if (c instanceof io.mtc4j.spec.landmark.LandmarkChoice.Found found) {
            o.put("outcome", "found");
            o.set("landmark", Json.u64(found.landmarkSubtree().landmark()));
            o.set("start", Json.u64(found.landmarkSubtree().subtree().start()));
            o.set("end", Json.u64(found.landmarkSubtree().subtree().end()));
        } else if (c instanceof io.mtc4j.spec.landmark.LandmarkChoice.Wait) {
            o.put("outcome", "wait");
        } else {
            o.put("outcome", "expired");
        }
        return o;
    }

    /** {@code ca.parse} result. */
    public static ObjectNode caCertificate(io.mtc4j.spec.ca.CaCertificate c) {
        ObjectNode o = Json.object();
        o.put("ca_id", c.subject().id().ascii());
        o.put("log_hash", c.authority().logHashOid());
        o.put("sig_alg", c.authority().sigAlgOid());
        o.set("min_serial", Json.integer(c.authority().minSerial()));
        c.authority().maxSerial().ifPresent(m -> o.set("max_serial", Json.integer(m)));
        o.put("public_key", Json.hex(c.cosignerPublicKey()));
        return o;
    }

    /** {@code entry.parse} result. */
    public static ObjectNode entry(MtcLogEntry e) {
        ObjectNode o = Json.object();
        o.put("type", e.type());
        ArrayNode ext = o.putArray("extensions");
        for (EntryExtension x : e.extensions()) {
            ext.addObject().put("type", x.type()).put("data", Json.hex(x.data()));
        }
        o.put("entry_hash", Json.hex(e.entryHash(HashFunction.sha256())));
        return o;
    }

    /** {@code tiles.parse_path} result. */
    public static ObjectNode tilePath(io.mtc4j.spec.tiles.TilePath t) {
        ObjectNode o = Json.object();
        o.put("entries", t.entries());
        o.put("level", t.level());
        o.set("index", Json.u64(t.index()));
        o.put("width", t.width());
        return o;
    }

    /**
     * The {@code properties.parse} answer for a parsed CertificatePropertyList.
     *
     * @param l the list
     * @return {@code {properties, trust_anchor_id?, trust_anchor_group_inclusions, trust_anchor_negotiation}}
     */
    public static ObjectNode certificateProperties(io.mtc4j.spec.tai.CertificatePropertyList l) {
        ObjectNode o = Json.object();
        var ps = o.putArray("properties");
        for (io.mtc4j.spec.tai.CertificateProperty p : l.properties()) {
            ps.addObject().put("type", p.type()).put("data", Json.hex(p.data()));
        }
        l.trustAnchorId().ifPresent(id -> o.put("trust_anchor_id", id.ascii()));
        var rs = o.putArray("trust_anchor_group_inclusions");
        for (io.mtc4j.spec.tai.TrustAnchorRange r : l.trustAnchorGroupInclusions()) {
            ObjectNode x = rs.addObject();
            x.put("base", r.base().ascii());
            x.set("min", Json.u64(r.min()));
            x.set("max", Json.u64(r.max()));
        }
        o.put("trust_anchor_negotiation", l.trustAnchorNegotiation());
        return o;
    }
}
