package org.depa.ccr.training;

/** The deep-learning engine could not be started under the clean room's rules. */
public final class DjlSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DjlSetupException(String message) {
        super(message);
    }

    public DjlSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
