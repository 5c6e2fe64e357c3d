package org.depa.ledger.model.tx;

import java.util.List;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.RevocationTerms;

/** contracts:propose and contracts:amend (a full replacement that bumps the version). */
public record ContractProposal(
        String contractId,
        String tdcId,
        String ccrProviderId,
        String purpose,
        String validFrom,
        String validUntil,
        List<DatasetClauseRequest> datasets,
        List<String> allowedMeasurements,
        PaymentTerms payment,
        RevocationTerms revocation) {}
