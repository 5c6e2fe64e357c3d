package org.depa.ledger.model.tx;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.RevocationTerms;

/**
 * contracts:propose and contracts:amend (a full replacement that bumps the version).
 *
 * @param modelSpecCommitment optional: the salted commitment to the TDC's model spec (SHA-256 hex),
 *     copied into the signed terms, so every party signs the computation a training job may run
 */
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
        RevocationTerms revocation,
        @JsonInclude(JsonInclude.Include.NON_NULL) String modelSpecCommitment) {

    /** A proposal that binds no model spec. */
    public ContractProposal(
            String contractId,
            String tdcId,
            String ccrProviderId,
            String purpose,
            String validFrom,
            String validUntil,
            List<DatasetClauseRequest> datasets,
            List<String> allowedMeasurements,
            PaymentTerms payment,
            RevocationTerms revocation) {
        this(
                contractId,
                tdcId,
                ccrProviderId,
                purpose,
                validFrom,
                validUntil,
                datasets,
                allowedMeasurements,
                payment,
                revocation,
                null);
    }

    /** This proposal committing to {@code commitment}. */
    public ContractProposal withModelSpecCommitment(String commitment) {
        return new ContractProposal(
                contractId,
                tdcId,
                ccrProviderId,
                purpose,
                validFrom,
                validUntil,
                datasets,
                allowedMeasurements,
                payment,
                revocation,
                commitment);
    }
}
