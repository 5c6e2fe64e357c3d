package org.depa.ledger.model.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.SortedMap;

/**
 * The part of a training receipt the clean room signs with its run key. Metrics are a sorted map
 * so their canonical form is fixed.
 *
 * @param jobId the training job the run belongs to, or null for a run outside any job (then
 *     omitted from the JSON, so such a body's bytes, and its signature, are what they always were)
 * @param modelSpecCommitment the job's model-spec commitment the clean room checked the opened spec
 *     against; present exactly when {@code jobId} is
 */
public record ReceiptBody(
        String runId,
        String contractId,
        String modelSha256,
        List<ReceiptDataset> datasets,
        SortedMap<String, BigDecimal> metrics,
        String reportSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String jobId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String modelSpecCommitment) {

    /** The body of a run outside any training job. */
    public ReceiptBody(
            String runId,
            String contractId,
            String modelSha256,
            List<ReceiptDataset> datasets,
            SortedMap<String, BigDecimal> metrics,
            String reportSha256) {
        this(runId, contractId, modelSha256, datasets, metrics, reportSha256, null, null);
    }

    /** This body naming training job {@code job} and its commitment. */
    public ReceiptBody forJob(String job, String commitment) {
        return new ReceiptBody(runId, contractId, modelSha256, datasets, metrics, reportSha256, job, commitment);
    }
}
