package io.mtc4j.conformance.simulate;

import io.mtc4j.rp.simulate.Durations;
import io.mtc4j.rp.simulate.SimulationParameters;
import io.mtc4j.rp.simulate.SimulationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result of {@code mtc simulate} as JSON objects and Markdown tables (field names shared by both). */
final class Report {
    private Report() {}

    /** The parameters as the flags spell them. */
    static Map<String, Object> parameters(SimulationParameters p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", p.rate().toString());
        m.put("checkpoint_interval", Durations.format(p.checkpointIntervalMillis()));
        m.put("landmark_interval", Durations.format(p.landmarkIntervalMillis()));
        m.put("lifetime", Durations.format(p.lifetimeMillis()));
        m.put("renew_at", p.renewAt());
        m.put("keep_old", p.keepOld());
        m.put("subscriber_delay", p.subscriberDelay().spec());
        m.put("rp_delay", p.rpDelay().spec());
        m.put("no_trust_anchors_share", p.noTrustAnchorsShare());
        m.put("cosigners", p.cosigners());
        m.put("subject_key", p.subjectKey().wireName());
        m.put("duration", Durations.format(p.durationMillis()));
        m.put("seed", p.seed());
        m.put("handshakes", p.handshakes());
        return m;
    }

    /** The measured figures, in the order the Markdown table lists them. */
    static Map<String, Object> figures(SimulationResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("landmark_relative_share", r.landmarkRelativeShare());
        m.put("standalone_share", r.standaloneShare());
        m.put("none_share", r.noneShare());
        m.put("uncovered_share", r.uncoveredShare());
        m.put("mean_auth_bytes", r.meanAuthBytes());
        m.put("p50_auth_bytes", r.p50AuthBytes());
        m.put("p99_auth_bytes", r.p99AuthBytes());
        m.put("max_active_landmarks", r.maxActiveLandmarks());
        m.put("rp_state_hashes", r.rpStateHashes());
        m.put("rp_state_bytes", r.rpStateBytes());
        m.put("rp_state_hashes_observed", r.rpStateHashesObserved());
        m.put("entries_per_checkpoint", r.entriesPerCheckpoint());
        m.put("entries_per_landmark", r.entriesPerLandmark());
        m.put("standalone_proof_hashes", r.standaloneProofHashes());
        m.put("standalone_proof_hashes_max", r.standaloneProofHashesMax());
        m.put("standalone_proof_bytes", r.standaloneProofHashes() * 32);
        m.put("landmark_proof_hashes", r.landmarkProofHashes());
        m.put("landmark_proof_hashes_max", r.landmarkProofHashesMax());
        m.put("landmark_proof_bytes", r.landmarkProofHashes() * 32);
        m.put("standalone_certificate_bytes", r.standaloneCertificateBytes());
        m.put("landmark_certificate_bytes", r.landmarkCertificateBytes());
        m.put("checkpoints", r.checkpoints());
        m.put("landmarks", r.landmarks());
        m.put("certificates_issued", r.certificatesIssued());
        return m;
    }

    static Map<String, Object> json(SimulationResult r, String sweepName, String sweepValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (sweepName != null) {
            m.put("sweep", Map.of("name", sweepName, "value", sweepValue));
        }
        m.putAll(figures(r));
        m.put("parameters", parameters(r.parameters()));
        return m;
    }

    static String markdown(SimulationResult r) {
        StringBuilder s = new StringBuilder();
        s.append("parameters:");
        parameters(r.parameters()).forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        s.append("\n\n| figure | value |\n|---|---|\n");
        figures(r).forEach((k, v) -> s.append("| ").append(k).append(" | ").append(format(k, v)).append(" |\n"));
        return s.toString().stripTrailing();
    }

    static final List<String> SWEEP_COLUMNS = List.of("landmark_relative_share", "standalone_share", "none_share",
            "mean_auth_bytes", "p50_auth_bytes", "p99_auth_bytes", "max_active_landmarks", "rp_state_bytes",
            "standalone_proof_hashes", "landmark_proof_hashes");

    static String sweepMarkdown(SweepSpec sweep, List<SimulationResult> results) {
        StringBuilder s = new StringBuilder();
        s.append("parameters:");
        Map<String, Object> base = parameters(results.get(0).parameters());
        base.remove(sweep.name().replace('-', '_'));
        base.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        s.append("\n\n| ").append(sweep.name());
        SWEEP_COLUMNS.forEach(c -> s.append(" | ").append(c));
        s.append(" |\n|---");
        SWEEP_COLUMNS.forEach(c -> s.append("|---"));
        s.append("|\n");
        for (int i = 0; i < results.size(); i++) {
            Map<String, Object> f = figures(results.get(i));
            s.append("| ").append(sweep.values().get(i));
            for (String c : SWEEP_COLUMNS) {
                s.append(" | ").append(format(c, f.get(c)));
            }
            s.append(" |\n");
        }
        return s.toString().stripTrailing();
    }

    /** Shares with four decimals, other real numbers with one, integers as they are. */
    static String format(String key, Object v) {
        if (v instanceof Double d) {
            return key.endsWith("_share") ? String.format(Locale.ROOT, "%.4f", d) : String.format(Locale.ROOT, "%.1f", d);
        }
        return String.valueOf(v);
    }
}
