package org.depa.ledger.model.domain;

import java.util.List;

/** Which party roles may revoke the contract. The SRO may always revoke. */
public record RevocationTerms(List<Role> revocableBy) {
    public RevocationTerms {
        revocableBy = Frozen.list(revocableBy);
    }
}
