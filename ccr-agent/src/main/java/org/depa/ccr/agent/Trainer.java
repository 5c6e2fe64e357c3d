package org.depa.ccr.agent;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.modelspec.ModelSpec;

/**
 * The training step: join the decrypted tables, preprocess, train with differential privacy
 * within {@code privacy}, evaluate. Must resume from its own checkpoints in {@code workDir} when
 * called again after a crash, so a restarted run never spends privacy twice.
 */
public interface Trainer {

    Outcome train(Input input);

    /** One decrypted provider table: the CSV file inside the clean room, and its join column. */
    record Table(String datasetId, String joinColumn, Path csv) {}

    /**
     * What to train on and within which limits.
     *
     * @param privacy the binding limits: the tightest of the contract's clauses (smallest epsilon,
     *     delta, clipping norm and epochs, largest noise multiplier), since the joined rows carry
     *     every dataset's records, tightened by the spec's own {@code dp} parameters
     * @param modelSpec the spec's file (its directory holds the initialWeights file)
     * @param spec the spec as read from that file and checked ({@link SpecCheck}): what to train
     */
    record Input(List<Table> tables, PrivacyConstraints privacy, Path modelSpec, Path workDir, ModelSpec spec) {
        public Input {
            tables = List.copyOf(tables);
        }
    }

    /**
     * What training produced.
     *
     * @param model the trained model's file (format documented by the trainer)
     * @param reportDir the training report for the TDC (Markdown and PNG plots)
     * @param metrics evaluation metrics of the private model on the held-out split
     * @param epsilonSpent the epsilon the accountant reports at {@code privacy.delta}
     */
    record Outcome(Path model, Path reportDir, SortedMap<String, BigDecimal> metrics, BigDecimal epsilonSpent) {}
}
