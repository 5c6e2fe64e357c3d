package org.depa.kms.protocol;

/**
 * The bridge answered with a release, but its JWE does not open under the ephemeral key, or its protected claims
 * do not name the dataset and run that were asked for. The key is not used.
 */
public final class KeyUnwrapException extends KeyReleaseException {
    private static final long serialVersionUID = 1L;

    public KeyUnwrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
