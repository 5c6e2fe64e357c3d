package org.depa.ledger.client.relay;

/**
 * How a clean-room launch ended, as its exit code tells the CCR provider's operator: the one place
 * both sides read (the clean room does not depend on the operator, nor the operator on the agent).
 * A permanent failure is one a relaunch cannot change (a spec that does not open its commitment or
 * fails the validator, a spec in clear, a ciphertext other than the signed one, a contract no
 * longer in force, a launch configuration the clean room refuses): the operator fails the job at
 * once. A transient one (a process killed, the ledger, a bridge or a data endpoint out of reach)
 * is launched again, up to the operator's limit. Any exit code not listed here (a signal, a JVM
 * that crashed) is transient.
 */
public enum CleanRoomExit {
    /** Every contract of the job has its receipt. */
    DONE(0),
    /** clean-room.json or the image's settings are wrong: the same launch would be refused again. */
    BAD_CONFIG(2),
    /** Failed; a relaunch may succeed (it resumes from the journal). */
    TRANSIENT(3),
    /** Failed for good; failure.txt names why. */
    PERMANENT(4);

    private final int code;

    CleanRoomExit(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether a relaunch cannot change this outcome. */
    public boolean permanent() {
        return this == BAD_CONFIG || this == PERMANENT;
    }

    /** The outcome an exit code says; an unknown code (a signal, a crash) is {@link #TRANSIENT}. */
    public static CleanRoomExit of(int exitCode) {
        for (CleanRoomExit e : values()) {
            if (e.code == exitCode) {
                return e;
            }
        }
        return TRANSIENT;
    }
}
