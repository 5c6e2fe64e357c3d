package org.depa.ccr.agent;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;

/**
 * What training produced, kept in {@code work/training-outcome.json} beside the journal: written
 * whole before the journal says TRAINED, so sealing and the receipt resume from it without
 * training again. Decimals are kept as the strict JSON dialect's strings, so the receipt's
 * epsilon and metrics are exactly the trainer's.
 */
final class OutcomeFile {
    static final String FILE = "training-outcome.json";

    /** The file's form of a {@link Trainer.Outcome}: paths as strings. */
    record Saved(String model, String reportDir, SortedMap<String, BigDecimal> metrics, BigDecimal epsilonSpent) {
        static Saved of(Trainer.Outcome o) {
            return new Saved(
                    o.model().toString(), o.reportDir().toString(), new TreeMap<>(o.metrics()), o.epsilonSpent());
        }

        Trainer.Outcome outcome() {
            return new Trainer.Outcome(Path.of(model), Path.of(reportDir), new TreeMap<>(metrics), epsilonSpent);
        }
    }

    private OutcomeFile() {}

    static void write(Path workDir, Trainer.Outcome outcome) {
        Path file = workDir.resolve(FILE);
        try {
            AtomicFile.write(file, Json.mapper().writeValueAsBytes(Saved.of(outcome)), true);
        } catch (IOException e) {
            throw new AgentException(Stage.TRAINING, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The saved outcome, or null when there is none (training not finished, or an agent that kept none). */
    static Trainer.Outcome read(Path workDir) {
        Path file = workDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.read(Files.readString(file), Saved.class).outcome();
        } catch (IOException | LedgerRuleException e) {
            throw new AgentException(Stage.JOURNAL, file + " is unreadable: " + e.getMessage(), e);
        }
    }
}
