package org.depa.kms.protocol;

/**
 * The release request got no readable answer (connection failure, time-out, a response that is neither a release
 * nor a problem). The bridge may or may not have recorded a release on the ledger; the key was not received.
 */
public final class ReleaseTransportException extends KeyReleaseException {
    private static final long serialVersionUID = 1L;

    public ReleaseTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
