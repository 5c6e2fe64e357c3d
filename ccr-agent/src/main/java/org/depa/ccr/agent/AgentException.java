package org.depa.ccr.agent;

import java.util.Objects;

/**
 * The agent refused or failed a run at one stage. The stage says what to look at; the message
 * names the contract, dataset or check that failed.
 */
public final class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where in the run the failure happened. */
    public enum Stage {
        /** The contract on the ledger is not one the agent may run: status, period, signatures. */
        CONTRACT,
        /** No attestation evidence, or evidence the agent itself would not accept. */
        ATTESTATION,
        /** Recording the run's start on the ledger. */
        RUN_START,
        /**
         * A dataset's ciphertext cannot be fetched from its registered location (TLS trust,
         * redirect, size bound, unreachable endpoint) or is not the one every party signed; checked
         * before any key is asked for.
         */
        DATA,
        /** A TDP's key-release service refused or could not be reached. */
        KEY_RELEASE,
        /** A dataset's record cannot be read, or its checked ciphertext fails decryption. */
        DATASET,
        /**
         * The TDC's model spec: it does not open the contract's commitment, or the shared validator
         * refuses it (the message names the field).
         */
        MODEL_SPEC,
        /** Joining, preprocessing or training. */
        TRAINING,
        /** Encrypting the model to the TDC. */
        SEALING,
        /** Signing or recording the training receipt. */
        RECEIPT,
        /** The run's local journal is unreadable or belongs to another run. */
        JOURNAL
    }

    private final Stage stage;

    public AgentException(Stage stage, String message) {
        super(Objects.requireNonNull(stage, "stage") + ": " + message);
        this.stage = stage;
    }

    public AgentException(Stage stage, String message, Throwable cause) {
        super(Objects.requireNonNull(stage, "stage") + ": " + message, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
