package org.depa.attestation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects refusal reasons as the checks run, so that one verdict can report all of them. */
final class Findings {
    private final Set<ReasonCode> reasons = new LinkedHashSet<>();
    private final List<String> details = new ArrayList<>();

    void refuse(ReasonCode code, String detail) {
        reasons.add(code);
        details.add(code + ": " + detail);
    }

    void addAll(Findings other) {
        reasons.addAll(other.reasons);
        details.addAll(other.details);
    }

    boolean has(ReasonCode code) {
        return reasons.contains(code);
    }

    boolean isEmpty() {
        return reasons.isEmpty();
    }

    List<ReasonCode> reasons() {
        return List.copyOf(reasons);
    }

    List<String> details() {
        return List.copyOf(details);
    }
}
