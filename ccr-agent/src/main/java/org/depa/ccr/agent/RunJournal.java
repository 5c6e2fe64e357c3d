package org.depa.ccr.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;

/**
 * The run's local journal inside the clean room's (encrypted) disk: the run key and how far the
 * run got. Each update replaces the file atomically after an fsync, so a kill at any instant leaves
 * the old or the new state, never a torn one. The ledger stays the authority: on restart the
 * agent reconciles the journal with what the ledger recorded (run started? receipt present?).
 */
final class RunJournal {
    static final String FILE = "journal.json";

    /**
     * How far a run got, in order: the last step completed. The names are the file's format; a
     * journal written by any earlier agent must still read.
     */
    enum Step {
        NEW,
        STARTED,
        TRAINED,
        SEALED,
        DONE,
        FAILED
    }

    /**
     * The persisted state. {@code runKeyPem} is the run's private key: it never leaves this disk.
     * The components, their names and their order are the file's format.
     */
    record State(
            String runId,
            String contractId,
            String runKeyPem,
            String runPublicKeyPem,
            String startReportSha256,
            Step step,
            String modelSha256,
            String failure) {
        /** The state of a run not yet started: its identity and run key, nothing done. */
        static State begin(String runId, String contractId, String runKeyPem, String runPublicKeyPem) {
            return new State(runId, contractId, runKeyPem, runPublicKeyPem, null, Step.NEW, null, null);
        }

        State withStep(Step s) {
            return new State(runId, contractId, runKeyPem, runPublicKeyPem, startReportSha256, s, modelSha256, failure);
        }

        State withStartReportSha256(String sha256) {
            return new State(runId, contractId, runKeyPem, runPublicKeyPem, sha256, step, modelSha256, failure);
        }

        State withModelSha256(String sha256) {
            return new State(runId, contractId, runKeyPem, runPublicKeyPem, startReportSha256, step, sha256, failure);
        }

        State withFailure(String reason) {
            return new State(
                    runId, contractId, runKeyPem, runPublicKeyPem, startReportSha256, step, modelSha256, reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private State state;

    private RunJournal(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    /** Opens the journal in {@code dir}, or returns null when there is none yet. */
    static RunJournal open(Path dir, String runId, String contractId) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        State s;
        try {
            s = JSON.readValue(f.toFile(), State.class);
        } catch (IOException e) {
            throw new AgentException(Stage.JOURNAL, "journal " + f + " is unreadable: " + e.getMessage(), e);
        }
        if (!s.runId().equals(runId) || !s.contractId().equals(contractId)) {
            throw new AgentException(
                    Stage.JOURNAL,
                    "journal " + f + " belongs to run '" + s.runId() + "' of contract '" + s.contractId()
                            + "'; use another work directory");
        }
        return new RunJournal(f, s);
    }

    static RunJournal create(Path dir, State initial) {
        Objects.requireNonNull(initial, "initial");
        RunJournal j = new RunJournal(dir.resolve(FILE), initial);
        j.write(initial);
        return j;
    }

    State state() {
        return state;
    }

    /** The last step completed; the run continues with the step after it. */
    Step step() {
        return state.step();
    }

    void advance(Step step) {
        write(state.withStep(step));
    }

    void update(State next) {
        write(next);
    }

    private void write(State next) {
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(next), true);
            state = next;
        } catch (IOException e) {
            throw new AgentException(Stage.JOURNAL, "cannot write journal " + file + ": " + e.getMessage(), e);
        }
    }
}
