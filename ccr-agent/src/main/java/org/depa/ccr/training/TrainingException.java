package org.depa.ccr.training;

/** Training could not run or resume (bad checkpoint, unusable initial weights, I/O). */
public final class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
