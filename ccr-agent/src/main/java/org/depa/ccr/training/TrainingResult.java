package org.depa.ccr.training;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * What a training run produced.
 *
 * @param model the private model file's bytes ({@link ModelFile}, canonical JSON)
 * @param modelFile where those bytes are in the work directory
 * @param reportDir the training report (report.md and PNG plots)
 * @param metrics the private model on the test split: accuracy, f1, roc_auc, log_loss (6 decimals)
 * @param epsilonSpent epsilon spent at {@code delta}, rounded up to 6 decimals
 * @param delta the delta of {@code epsilonSpent}
 * @param steps DP-SGD steps taken (the accountant's total)
 * @param composition the accountant's input: (sampling rate, noise multiplier, steps) segments,
 *     from which anyone can recompute {@code epsilonSpent} with {@link RdpAccountant#restore}
 * @param stopReason why training stopped
 * @param history one record per epoch
 * @param baselineMetrics a non-private model of the same architecture on the same split, for
 *     comparison inside the clean room; empty when not trained. Not covered by any epsilon.
 * @param dpExamplesPerSecond DP-SGD training throughput (sampled examples per second)
 * @param baselineExamplesPerSecond non-private training throughput in the same run, 0 if not trained
 */
public record TrainingResult(
        byte[] model,
        Path modelFile,
        Path reportDir,
        SortedMap<String, BigDecimal> metrics,
        BigDecimal epsilonSpent,
        BigDecimal delta,
        long steps,
        List<RdpAccountant.Segment> composition,
        StopReason stopReason,
        List<EpochRecord> history,
        SortedMap<String, BigDecimal> baselineMetrics,
        double dpExamplesPerSecond,
        double baselineExamplesPerSecond) {
    public TrainingResult {
        model = model.clone();
        history = List.copyOf(history);
        composition = List.copyOf(composition);
    }

    @Override
    public byte[] model() {
        return model.clone();
    }
}
