package org.depa.ledger.model.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.SortedMap;

/**
 * The part of a training receipt the clean room signs with its run key. Metrics are a sorted map
 * so their canonical form is fixed.
 */
public record ReceiptBody(
        String runId,
        String contractId,
        String modelSha256,
        List<ReceiptDataset> datasets,
        SortedMap<String, BigDecimal> metrics,
        String reportSha256) {}
