package org.depa.ccr.cleanroom;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ccr.agent.AgentException;
import org.depa.ccr.agent.Trainer;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * One training for a job over several contracts. Each contract's run (an agent of its own, in its
 * own thread) hands this trainer its decrypted tables; when every run has, the last one trains once
 * over all of them within the tightest of their limits, and every run gets the same outcome, which
 * it seals and puts in its own receipt (so each contract's datasets are charged the epsilon spent).
 * The outcome is saved ({@code joint-outcome.json}) before any run sees it: a relaunched clean room
 * whose runs are past training returns it without training again, and the inner trainer resumes
 * from its checkpoints otherwise. A run that fails before training abandons the training, and the
 * runs waiting for it fail too (TRAINING), so no run is left waiting.
 */
final class JointTraining implements Trainer {
    private static final String OUTCOME = "joint-outcome.json";

    private final int runs;
    private final Trainer inner;
    private final Path workDir;
    private final List<Input> inputs = new ArrayList<>();
    private Outcome outcome;
    private RuntimeException failure;
    private String abandoned;

    JointTraining(int runs, Trainer inner, Path workDir) {
        this.runs = runs;
        this.inner = inner;
        this.workDir = workDir;
    }

    @Override
    public Outcome train(Input input) {
        synchronized (this) {
            Outcome saved = saved();
            if (saved != null) {
                return saved;
            }
            inputs.add(input);
            if (inputs.size() < runs) {
                while (outcome == null && failure == null && abandoned == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AgentException(
                                AgentException.Stage.TRAINING, "interrupted waiting for the other runs");
                    }
                }
                return result();
            }
        }
        // The last run to arrive trains, outside the lock, so that the others can be abandoned.
        Outcome trained;
        try {
            trained = inner.train(combined());
            save(trained);
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
            throw e;
        }
        synchronized (this) {
            outcome = trained;
            notifyAll();
            return trained;
        }
    }

    /** A run failed before training: the others stop waiting. */
    synchronized void abandon(String why) {
        if (outcome == null) {
            abandoned = why;
            notifyAll();
        }
    }

    private Outcome result() {
        if (outcome != null) {
            return outcome;
        }
        if (failure != null) {
            throw failure instanceof AgentException a
                    ? a
                    : new AgentException(
                            AgentException.Stage.TRAINING, "the joint training failed: " + failure.getMessage());
        }
        throw new AgentException(AgentException.Stage.TRAINING, "the joint training was abandoned: " + abandoned);
    }

    private Input combined() {
        List<Table> tables = new ArrayList<>();
        PrivacyConstraints limits = null;
        for (Input i : inputs) {
            tables.addAll(i.tables());
            limits = limits == null ? i.privacy() : tightest(limits, i.privacy());
        }
        Input first = inputs.get(0);
        return new Input(tables, limits, first.modelSpec(), workDir, first.spec());
    }

    static PrivacyConstraints tightest(PrivacyConstraints a, PrivacyConstraints b) {
        return new PrivacyConstraints(
                min(a.epsilon(), b.epsilon()),
                min(a.delta(), b.delta()),
                min(a.maxGradNorm(), b.maxGradNorm()),
                a.noiseMultiplier() == null
                        ? b.noiseMultiplier()
                        : b.noiseMultiplier() == null
                                ? a.noiseMultiplier()
                                : a.noiseMultiplier().max(b.noiseMultiplier()),
                a.epochs() == null ? b.epochs() : b.epochs() == null ? a.epochs() : Math.min(a.epochs(), b.epochs()));
    }

    private static BigDecimal min(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.min(b);
    }

    private void save(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", o.model().toString());
        m.put("reportDir", o.reportDir().toString());
        m.put("metrics", o.metrics());
        m.put("epsilonSpent", o.epsilonSpent().toPlainString());
        try {
            Files.createDirectories(workDir);
            Path tmp = workDir.resolve(OUTCOME + ".tmp");
            Files.write(tmp, Json.mapper().writeValueAsBytes(m));
            Files.move(
                    tmp, workDir.resolve(OUTCOME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AgentException(
                    AgentException.Stage.TRAINING, "cannot save the joint outcome: " + e.getMessage(), e);
        }
    }

    private Outcome saved() {
        Path f = workDir.resolve(OUTCOME);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            var n = Json.tree(Files.readString(f));
            TreeMap<String, BigDecimal> metrics = new TreeMap<>();
            n.get("metrics")
                    .fields()
                    .forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().decimalValue()));
            return new Outcome(
                    Path.of(n.get("model").asText()),
                    Path.of(n.get("reportDir").asText()),
                    metrics,
                    new BigDecimal(n.get("epsilonSpent").asText()));
        } catch (IOException | RuntimeException e) {
            throw new AgentException(
                    AgentException.Stage.TRAINING, "the saved joint outcome is unreadable: " + e.getMessage());
        }
    }
}
