package org.depa.ledger.model.domain;

import java.util.List;

/** The signed document of one contract version: what every party agrees to, and nothing else. */
public record ContractTerms(
        String contractId,
        String tdcId,
        String ccrProviderId,
        String purpose,
        String validFrom,
        String validUntil,
        List<DatasetClause> datasets,
        List<String> allowedMeasurements,
        PaymentTerms payment,
        RevocationTerms revocation) {}
