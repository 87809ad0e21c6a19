package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * CosignedMessage bytes (draft §"Signature Format", MTC-NOTES §2.8 and §6) and cosignatures per algorithm
 * (draft §"Signature Algorithms"), for the current layout and the legacy {@code mtc-subtree/v1} one.
 */
final class CosignVectors implements VectorSource {
    static final String FORMAT = "Signature Format";
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final TrustAnchorId LOG = CA.logId(1);

    /** Profiles whose signed input differs: current, plants-04 (no empty subtrees), legacy. */
    static final List<Profile> LAYOUTS = List.of(Profile.PLANTS_05, Profile.PLANTS_04, Profile.PLANTS_02);

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        List<VectorFile> out = new ArrayList<>();
        List<Profile> ps = LAYOUTS.stream().filter(profiles::contains).toList();
        if (!ps.isEmpty()) {
            out.add(messages(ps));
            out.add(parse(ps));
        }
        if (profiles.contains(Profile.PLANTS_05)) {
            out.add(signatures());
        }
        return out;
    }

    static byte[] hash(String label) {
        return FixedKeys.seed("hash " + label);
    }

    private static ObjectNode messageInputs(TrustAnchorId cosigner, long ts, TrustAnchorId log, long start, long end,
            byte[] hash) {
        ObjectNode o = Json.object();
        o.put("cosigner_id", cosigner.ascii());
        o.set("timestamp", Json.u64(ts));
        o.put("log_id", log.ascii());
        o.set("start", Json.u64(start));
        o.set("end", Json.u64(end));
        o.put("subtree_hash", Json.hex(hash));
        return o;
    }

    private static ObjectNode profile(Profile p) {
        ObjectNode o = Json.object();
        o.put("profile", p.wireName());
        return o;
    }

    private static VectorFile messages(List<Profile> ps) {
        VectorFile f = VectorFile.create("cosigned_message", Ops.COSIGN_MESSAGE,
                "The bytes a cosigner signs for a subtree: subtree/v1 CosignedMessage (legacy mtc-subtree/v1 before"
                        + " plants-04)");
        f.request("profile", Type.PROFILE).request("cosigner_id", Type.STRING).request("timestamp", Type.UINT)
                .request("log_id", Type.STRING).request("start", Type.UINT).request("end", Type.UINT)
                .request("subtree_hash", Type.HEX).output("message", Type.HEX);
        for (Profile p : ps) {
            VectorFile.Group g = f.group(p + ": valid messages", profile(p));
            List<Object[]> ok = new ArrayList<>(List.of(
                    new Object[] {"certificate message (timestamp 0) for [8, 16)", CA, 0L, 8L, 16L},
                    new Object[] {"witness cosigner 32473.2.1, [0, 13)", TrustAnchorId.parse("32473.2.1"), 0L, 0L,
                        13L},
                    new Object[] {"single entry [10, 11)", CA, 0L, 10L, 11L},
                    new Object[] {"large subtree [2^47, 2^48)", CA, 0L, 1L << 47, 1L << 48},
                    new Object[] {"whole tree of 2^64-1 entries", CA, 0L, 0L, -1L}));
            if (p.hasExtensions()) {
                ok.add(new Object[] {"checkpoint cosignature: timestamp set, start 0", CA, 1767225600L, 0L, 2036L});
            }
            if (p.allowsEmptySubtrees()) {
                ok.add(new Object[] {"empty subtree [5, 5) (valid in the current draft)", CA, 0L, 5L, 5L});
            }
            int i = 0;
            for (Object[] c : ok) {
                byte[] h = hash("message " + i++);
                CosignedMessage m = new CosignedMessage((TrustAnchorId) c[1], (Long) c[2], LOG, (Long) c[3],
                        (Long) c[4], h);
                ObjectNode out = Json.object();
                out.put("message", Json.hex(m.encode(p)));
                g.valid((String) c[0], Tag.of(FORMAT, p.hasExtensions() ? "E18" : "E19"),
                        messageInputs((TrustAnchorId) c[1], (Long) c[2], LOG, (Long) c[3], (Long) c[4], h), out);
            }
            VectorFile.Group bad = f.group(p + ": messages that must not be produced", profile(p));
            List<Object[]> no = new ArrayList<>(List.of(
                    new Object[] {"[3, 5) is not a valid subtree", 0L, 3L, 5L},
                    new Object[] {"start after end", 0L, 9L, 8L},
                    new Object[] {"[2^62, 2^64-1) is not a valid subtree (size above 2^63, start not 0)", 0L, 1L << 62, -1L}));
            if (p.hasExtensions()) {
                no.add(new Object[] {"non-zero timestamp with start 8", 1767225600L, 8L, 16L});
            } else {
                no.add(new Object[] {"legacy input has no timestamp: non-zero is invalid", 1767225600L, 0L, 16L});
            }
            if (!p.allowsEmptySubtrees() && !p.hasExtensions()) {
                no.add(new Object[] {"empty subtree [5, 5) (invalid before the current draft)", 0L, 5L, 5L});
            }
            for (Object[] c : no) {
                byte[] h = hash("bad");
                Expect.rejects("cosign.message " + c[0], () -> new CosignedMessage(CA, (Long) c[1], LOG, (Long) c[2],
                        (Long) c[3], h).encode(p));
                bad.invalid((String) c[0], Tag.of(FORMAT, "E20"), messageInputs(CA, (Long) c[1], LOG, (Long) c[2],
                        (Long) c[3], h), Ops.KIND_INVALID, Optional.empty());
            }
        }
        return f;
    }

    private static ObjectNode parsed(CosignedMessage m) {
        return messageInputs(m.cosignerId(), m.timestamp(), m.logId(), m.start(), m.end(), m.subtreeHash());
    }

    private static VectorFile parse(List<Profile> ps) {
        VectorFile f = VectorFile.create("cosigned_message_parse", Ops.COSIGN_PARSE_MESSAGE,
                "Strict parsing of a CosignedMessage (32-byte subtree hash)");
        f.request("profile", Type.PROFILE).request("message", Type.HEX);
        for (String o : List.of("cosigner_id", "log_id", "subtree_hash")) {
            f.output(o, o.equals("subtree_hash") ? Type.HEX : Type.STRING);
        }
        f.output("timestamp", Type.UINT).output("start", Type.UINT).output("end", Type.UINT);
        for (Profile p : ps) {
            CosignedMessage good = new CosignedMessage(CA, 0, LOG, 8, 16, hash("parse"));
            byte[] enc = good.encode(p);
            VectorFile.Group g = f.group(p + ": well-formed", profile(p));
            g.valid("certificate message [8, 16)", Tag.of(FORMAT, "E18"), msg(enc), parsed(good));
            if (p.hasExtensions()) {
                CosignedMessage cp = new CosignedMessage(CA, 1767225600L, LOG, 0, 2036, hash("parse cp"));
                g.valid("checkpoint message with timestamp", Tag.of(FORMAT, "E18"), msg(cp.encode(p)), parsed(cp));
            }
            VectorFile.Group bad = f.group(p + ": malformed", profile(p));
            List<Object[]> cases = new ArrayList<>();
            cases.add(new Object[] {"one trailing byte", concat(enc, new byte[] {0})});
            cases.add(new Object[] {"truncated by one byte", Arrays.copyOf(enc, enc.length - 1)});
            byte[] label = enc.clone();
            label[0] ^= 0x20;
            cases.add(new Object[] {"wrong label", label});
            cases.add(new Object[] {"empty input", new byte[0]});
            if (p.hasExtensions()) {
                cases.add(new Object[] {"cosigner name is not an oid/1.3.6.1.4.1. name",
                    CosignedMessage.encodeTlog("example.com/witness", 0, LOG.tlogName(), 8, 16, hash("parse"))});
                cases.add(new Object[] {"[3, 5) is not a valid subtree",
                    CosignedMessage.encodeTlog(CA.tlogName(), 0, LOG.tlogName(), 3, 5, hash("parse"))});
                cases.add(new Object[] {"non-zero timestamp with start 8",
                    CosignedMessage.encodeTlog(CA.tlogName(), 5, LOG.tlogName(), 8, 16, hash("parse"))});
                cases.add(new Object[] {"name with a leading-zero component",
                    CosignedMessage.encodeTlog("oid/1.3.6.1.4.1.32473.01", 0, LOG.tlogName(), 8, 16, hash("parse"))});
                if (!p.allowsEmptySubtrees()) {
                    cases.add(new Object[] {"empty subtree [5, 5) before the current draft",
                        CosignedMessage.encodeTlog(CA.tlogName(), 0, LOG.tlogName(), 5, 5, hash("parse"))});
                }
            }
            for (Object[] c : cases) {
                byte[] b = (byte[]) c[1];
                Expect.rejects("cosign.parse_message " + p + " " + c[0], () -> CosignedMessage.parse(p, 32, b));
                bad.invalid((String) c[0], Tag.of(FORMAT, "E20"), msg(b), Ops.KIND_PARSE, Optional.empty());
            }
        }
        return f;
    }

    private static ObjectNode msg(byte[] b) {
        ObjectNode o = Json.object();
        o.put("message", Json.hex(b));
        return o;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static VectorFile signatures() {
        VectorFile f = VectorFile.create("cosignature", Ops.COSIGN_VERIFY,
                "Cosignatures over CosignedMessages, one group per signature algorithm");
        f.request("algorithm", Type.STRING).request("public_key", Type.HEX).request("message", Type.HEX)
                .request("signature", Type.HEX).output("valid", Type.BOOL);
        byte[] cert = new CosignedMessage(CA, 0, LOG, 8, 16, hash("sig cert")).encode();
        byte[] checkpoint = new CosignedMessage(CA, 1767225600L, LOG, 0, 2036, hash("sig cp")).encode();
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            Signer s = FixedKeys.signer(alg, "cosigner");
            Signer other = FixedKeys.signer(alg, "other cosigner");
            ObjectNode params = Json.object();
            params.put("algorithm", alg.wireName());
            params.put("public_key", Json.hex(s.publicKeySpki()));
            VectorFile.Group g = f.group(alg.wireName() + " (deterministic signing; key derived from a fixed label)",
                    params);
            Tag tag = Tag.of("Signature Algorithms", "E39");
            byte[] sig = s.sign(cert);
            ObjectNode yes = Json.object();
            yes.put("valid", true);
            g.valid("signature over a certificate message", tag, sigInputs(cert, sig), yes);
            g.valid("signature over a checkpoint message", tag, sigInputs(checkpoint, s.sign(checkpoint)), yes);
            byte[] flipped = sig.clone();
            flipped[flipped.length / 2] ^= 0x01;
            List<Object[]> no = new ArrayList<>();
            no.add(new Object[] {"one bit flipped in the signature", cert, flipped});
            byte[] m2 = cert.clone();
            m2[m2.length - 1] ^= 0x01;
            no.add(new Object[] {"one bit flipped in the subtree hash", m2, sig});
            no.add(new Object[] {"signature by another key", cert, other.sign(cert)});
            no.add(new Object[] {"truncated signature", cert, Arrays.copyOf(sig, sig.length - 1)});
            no.add(new Object[] {"signature with a trailing byte", cert, concat(sig, new byte[] {0})});
            no.add(new Object[] {"empty signature", cert, new byte[0]});
            no.add(new Object[] {"signature over the legacy mtc-subtree/v1 input",
                new CosignedMessage(CA, 0, LOG, 8, 16, hash("sig cert")).encode(Profile.PLANTS_02), sig});
            for (Object[] c : no) {
                byte[] m = (byte[]) c[1];
                byte[] x = (byte[]) c[2];
                if (Keys.verifier(alg, s.publicKeySpki()).verify(m, x)) {
                    throw new IllegalStateException("cosignature vector: " + alg + " accepted " + c[0]);
                }
                g.invalid((String) c[0], tag, sigInputs(m, x), Ops.KIND_INVALID, Optional.empty());
            }
        }
        return f;
    }

    private static ObjectNode sigInputs(byte[] message, byte[] sig) {
        ObjectNode o = Json.object();
        o.put("message", Json.hex(message));
        o.put("signature", Json.hex(sig));
        return o;
    }
}
