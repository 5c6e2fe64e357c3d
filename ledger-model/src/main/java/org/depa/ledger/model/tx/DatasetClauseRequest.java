package org.depa.ledger.model.tx;

import org.depa.ledger.model.domain.PrivacyConstraints;

/** One dataset a TDC asks for; the ledger adds the owner and the ciphertext hash. */
public record DatasetClauseRequest(
        String datasetId, String joinColumn, PrivacyConstraints privacy, Long paymentMinor) {}
