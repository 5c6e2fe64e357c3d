package org.depa.ccr.training;

/** The model specification is malformed or asks for something the trainer does not do. */
public final class ModelSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelSpecException(String message) {
        super(message);
    }
}
