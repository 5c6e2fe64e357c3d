package org.depa.ledger.model.tx;

import java.util.List;

/**
 * jobs:submit, by the contracts' TDC.
 *
 * @param modelSpecCommitment SHA-256 hex of salt || canonical spec; must equal the commitment in
 *     every named contract's signed terms
 * @param sealedSpecUri where the attested clean room fetches the sealed spec ({@code https:} or
 *     {@code file:})
 * @param outputKeyId the TDC's registered output key the results are sealed to
 */
public record SubmitJobRequest(
        String jobId,
        String tdcId,
        List<String> contractIds,
        String modelSpecCommitment,
        String sealedSpecUri,
        String outputKeyId) {}
