package org.depa.ccr.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.training.ConsoleProgress;
import org.depa.ccr.training.ProgressListener;
import org.depa.ccr.training.RdpAccountant;
import org.depa.ccr.training.TrainingException;
import org.depa.ccr.training.TrainingJob;
import org.depa.ccr.training.TrainingResult;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * The agent's trainer: DP-SGD in DJL ({@link TrainingJob}) within the contract's limits. Besides
 * the training library's report it writes {@code metrics.json} into the report: the private
 * model's test metrics, and those of a non-private model of the same architecture on the same
 * split. That comparison goes to the TDC only inside the sealed report; the receipt carries the
 * private model's metrics alone.
 */
public final class DpTrainer implements Trainer {
    private final ProgressListener progress;

    /** {@code progress} gets the progress bar; null for none. */
    public DpTrainer(PrintStream progress) {
        this(progress == null ? ProgressListener.NONE : new ConsoleProgress(progress));
    }

    /** {@code progress} is told of each step and epoch (the clean room's progress.json). */
    public DpTrainer(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public Outcome train(Input input) {
        Objects.requireNonNull(input, "input");
        PrivacyConstraints p = input.privacy();
        List<TrainingJob.CsvTable> tables = new ArrayList<>();
        for (Table t : input.tables()) {
            tables.add(new TrainingJob.CsvTable(t.datasetId(), t.csv(), t.joinColumn()));
        }
        TrainingResult r;
        try {
            r = TrainingJob.runCsv(
                    tables, input.spec(), input.modelSpec().toAbsolutePath().getParent(), p, input.workDir(), progress);
        } catch (TrainingException | IllegalArgumentException e) {
            // IllegalArgumentException: limits DP-SGD cannot train within (DpLimits), named in the message.
            throw new AgentException(Stage.TRAINING, e.getMessage(), e);
        }
        // Recompute the spend from the accountant's input, apart from the figure the job reports: the
        // receipt's epsilon must be at least what the composition of the steps actually took.
        double recomputed = RdpAccountant.restore(r.composition())
                .spent(p.delta().doubleValue(), RdpAccountant.Conversion.BEST)
                .epsilon();
        if (recomputed > p.epsilon().doubleValue() || r.epsilonSpent().doubleValue() < recomputed - 1e-9) {
            throw new AgentException(
                    Stage.TRAINING,
                    "epsilon recomputed from the steps is " + recomputed + "; the trainer reports " + r.epsilonSpent()
                            + " against a budget of " + p.epsilon());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("epsilonSpent", r.epsilonSpent());
        summary.put("delta", r.delta());
        summary.put("steps", r.steps());
        summary.put("composition", r.composition());
        summary.put("stopReason", r.stopReason().name());
        summary.put("private", r.metrics());
        summary.put("nonPrivateBaseline", r.baselineMetrics());
        summary.put("dpExamplesPerSecond", BigDecimal.valueOf(Math.round(r.dpExamplesPerSecond())));
        summary.put("baselineExamplesPerSecond", BigDecimal.valueOf(Math.round(r.baselineExamplesPerSecond())));
        try {
            Files.write(
                    r.reportDir().resolve("metrics.json"),
                    new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsBytes(summary));
        } catch (IOException e) {
            throw new AgentException(Stage.TRAINING, "cannot write metrics.json: " + e.getMessage(), e);
        }
        return new Outcome(r.modelFile(), r.reportDir(), r.metrics(), r.epsilonSpent());
    }
}
