package org.depa.dataset;

/** A sealed output that cannot be made or opened; the message says why, never any content. */
public final class OutputSealException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputSealException(String message) {
        super(message);
    }

    public OutputSealException(String message, Throwable cause) {
        super(message, cause);
    }
}
