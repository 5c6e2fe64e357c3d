package org.depa.ledger.model.tx;

import java.util.List;

/**
 * jobs:complete, by the job's CCR provider: the runs whose receipts complete the job, one per
 * contract of the job, each started for this job and with a receipt naming it and its commitment.
 */
public record CompleteJobRequest(String jobId, String ccrProviderId, List<String> runIds) {}
