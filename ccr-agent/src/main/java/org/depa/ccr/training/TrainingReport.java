package org.depa.ccr.training;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.modelspec.ModelSpec;

/** The training report for the TDC: Markdown with PNG plots of loss, validation metrics and epsilon. */
final class TrainingReport {
    private TrainingReport() {}

    static void write(
            Path dir,
            ModelSpec spec,
            PrivacyConstraints limits,
            Preprocessing.Prepared data,
            TrainingResult r,
            double order)
            throws IOException {
        List<EpochRecord> h = r.history();
        double[] trainLoss = h.stream().mapToDouble(EpochRecord::trainLoss).toArray();
        double[] valLoss = h.stream().mapToDouble(EpochRecord::validationLoss).toArray();
        double[] auc = h.stream().mapToDouble(EpochRecord::validationRocAuc).toArray();
        double[] f1 = h.stream().mapToDouble(EpochRecord::validationF1).toArray();
        double[] acc = h.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
        double[] eps = h.stream().mapToDouble(EpochRecord::epsilonSpent).toArray();
        Checkpoint.AtomicFiles.write(
                dir.resolve("loss.png"),
                Plot.png(
                        "Loss",
                        "cross-entropy",
                        List.of(
                                new Plot.Series("train (sampled batches)", trainLoss),
                                new Plot.Series("validation", valLoss)),
                        null));
        Checkpoint.AtomicFiles.write(
                dir.resolve("validation.png"),
                Plot.png(
                        "Validation metrics",
                        "metric",
                        List.of(
                                new Plot.Series("ROC-AUC", auc),
                                new Plot.Series("F1", f1),
                                new Plot.Series("accuracy", acc)),
                        null));
        Checkpoint.AtomicFiles.write(
                dir.resolve("epsilon.png"),
                Plot.png(
                        "Privacy spent",
                        "epsilon at delta " + limits.delta().toPlainString(),
                        List.of(new Plot.Series("epsilon spent", eps)),
                        limits.epsilon().doubleValue()));

        StringBuilder md = new StringBuilder();
        md.append("# Training report\n\n");
        md.append("## Privacy\n\n");
        md.append(String.format(
                Locale.ROOT,
                "- epsilon spent: **%s** of %s at delta %s (RDP order %.1f), %d DP-SGD steps%n",
                r.epsilonSpent().toPlainString(),
                limits.epsilon().toPlainString(),
                limits.delta().toPlainString(),
                order,
                r.steps()));
        md.append(String.format(
                Locale.ROOT,
                "- clipping norm %s, noise multiplier %s, Poisson sampling rate %.5f (expected batch %d of %d rows)%n",
                limits.maxGradNorm().toPlainString(),
                limits.noiseMultiplier().toPlainString(),
                Math.min(1.0, (double) spec.batchSize() / data.train().rows()),
                spec.batchSize(),
                data.train().rows()));
        md.append("- stopped: ")
                .append(
                        r.stopReason() == StopReason.EPOCHS_DONE
                                ? "all epochs done"
                                : "the next step would exceed the budget")
                .append("\n\n");
        List<String> fitted = data.encoder().columns().stream()
                .filter(FeatureEncoder.Column::fittedOnPrivateData)
                .map(FeatureEncoder.Column::name)
                .toList();
        md.append("Not covered by epsilon: this report's validation and test figures, the non-private comparison"
                + " below");
        md.append(
                fitted.isEmpty()
                        ? ". The model file's encoder holds only declared, public statistics.\n\n"
                        : ", and the encoder statistics fitted on the training rows for " + String.join(", ", fitted)
                                + " (declare center/scale or values in the specification to avoid this).\n\n");
        md.append("## Data\n\n");
        md.append(String.format(
                Locale.ROOT,
                "- rows: train %d, validation %d, test %d; positive rate in train %.3f%n",
                data.train().rows(),
                data.validation().rows(),
                data.test().rows(),
                data.train().positiveRate()));
        md.append("- inputs: ")
                .append(data.encoder().width())
                .append(" from ")
                .append(spec.features().size());
        md.append(" features; layers ").append(spec.hiddenLayers()).append(", ").append(spec.activation());
        md.append(", ").append(spec.optimizer().name()).append(" lr ");
        md.append(spec.optimizer().learningRate().toPlainString()).append("\n\n");
        md.append("## Test metrics\n\n| metric | private model | non-private, same split |\n|---|---|---|\n");
        for (Map.Entry<String, BigDecimal> e : r.metrics().entrySet()) {
            BigDecimal b = r.baselineMetrics().get(e.getKey());
            md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(e.getValue().toPlainString())
                    .append(" | ");
            md.append(b == null ? "-" : b.toPlainString()).append(" |\n");
        }
        md.append(
                "\n## Per epoch\n\n| epoch | steps | train loss | val loss | val acc | val F1 | val AUC | epsilon |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (EpochRecord e : h) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n",
                    e.epoch(),
                    e.steps(),
                    e.trainLoss(),
                    e.validationLoss(),
                    e.validationAccuracy(),
                    e.validationF1(),
                    e.validationRocAuc(),
                    e.epsilonSpent()));
        }
        md.append("\n![loss](loss.png)\n\n![validation metrics](validation.png)\n\n![epsilon](epsilon.png)\n");
        Checkpoint.AtomicFiles.write(dir.resolve("report.md"), md.toString().getBytes(StandardCharsets.UTF_8));
    }
}
