package org.depa.audit.chain;

/** The payment chain cannot be asked: an input error (exit 2), since nothing could be checked. */
public final class ChainUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChainUnavailableException(String message) {
        super(message);
    }
}
