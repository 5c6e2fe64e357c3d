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
 */
public record Governance(
        String sroMspId,
        List<String> memberMspIds,
        Agreement agreement,
        String initialisedAt,
        String updatedAt,
        String updatedTx) {
    public Governance {
        memberMspIds = List.copyOf(memberMspIds);
    }

    public Governance withAgreement(Agreement a, String at, String tx) {
        return new Governance(sroMspId, memberMspIds, a, initialisedAt, at, tx);
    }
}
