package org.depa.ledger.model.domain;

import java.util.List;

/**
 * What the consortium's rules hang on, kept on the ledger under a key only the SRO's organisation
 * (with a majority) can change: the SRO's MSP id, the member organisations whose majority every
 * key-level endorsement policy also requires, and the common agreement in force.
 *
 * @param sroMspId the regulator's organisation, set once at initialisation
 * @param memberMspIds the channel's member organisations, sorted, for the majority part of key policies
 * @param agreement the common agreement in force, or null before the first is published
 * @param developmentRoots the development attestation roots (SHA-256 of a root's
 *     SubjectPublicKeyInfo, hex, or {@code "any"} for any self-signed development root) that the
 *     chaincode was deployed to trust, recorded at initialisation from the deployment switch; empty
 *     on a production ledger, where only AMD's roots are trusted. A non-empty list means emulated
 *     clean rooms can start runs: every audit flags it.
 */
public record Governance(
        String sroMspId,
        List<String> memberMspIds,
        Agreement agreement,
        String initialisedAt,
        String updatedAt,
        String updatedTx,
        List<String> developmentRoots) {
    public Governance {
        memberMspIds = List.copyOf(memberMspIds);
        // A record written before development roots were recorded trusts none.
        developmentRoots = developmentRoots == null ? List.of() : List.copyOf(developmentRoots);
    }

    /** A record trusting AMD's attestation roots only. */
    public Governance(
            String sroMspId,
            List<String> memberMspIds,
            Agreement agreement,
            String initialisedAt,
            String updatedAt,
            String updatedTx) {
        this(sroMspId, memberMspIds, agreement, initialisedAt, updatedAt, updatedTx, List.of());
    }

    public Governance withAgreement(Agreement a, String at, String tx) {
        return new Governance(sroMspId, memberMspIds, a, initialisedAt, at, tx, developmentRoots);
    }

    /** Whether this ledger trusts any development (emulator) attestation root. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean trustsDevelopmentRoots() {
        return !developmentRoots.isEmpty();
    }
}
