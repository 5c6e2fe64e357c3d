package org.depa.ccr.cleanroom;

/**
 * Why a clean-room launch gave up before or around the agent's runs: the stage says where, the
 * message what, naming fields and ids, never data, keys or the spec. The agent's own refusals stay
 * {@code AgentException}s with their stages.
 */
public final class CleanRoomException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where the launch stopped. */
    public enum Stage {
        /** clean-room.json or the image's agent settings. */
        CONFIG,
        /** The job on the ledger differs from what the launch was told, or is not RUNNING/SCHEDULED. */
        JOB,
        /** The sealed spec could not be fetched or opened. */
        MODEL_SPEC,
        /** progress.json, outputs.json or the workspace. */
        OUTPUT
    }

    private final Stage stage;

    public CleanRoomException(Stage stage, String message) {
        super(message);
        this.stage = stage;
    }

    public CleanRoomException(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
