package org.depa.ledger.model.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The signed document of one contract version: what every party agrees to, and nothing else.
 *
 * @param modelSpecCommitment SHA-256 hex of salt || canonical model spec (see {@code
 *     ModelSpecCommitments}), or null for a contract that binds no model (made before issue 11, or
 *     proposed without one): such a contract cannot be named by a training job. Omitted from the
 *     JSON when null, so the document hash of a contract without one is what it always was.
 */
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
        RevocationTerms revocation,
        @JsonInclude(JsonInclude.Include.NON_NULL) String modelSpecCommitment) {
    public ContractTerms {
        datasets = Frozen.list(datasets);
        allowedMeasurements = Frozen.list(allowedMeasurements);
    }

    /** Terms that bind no model spec. */
    public ContractTerms(
            String contractId,
            String tdcId,
            String ccrProviderId,
            String purpose,
            String validFrom,
            String validUntil,
            List<DatasetClause> datasets,
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
}
