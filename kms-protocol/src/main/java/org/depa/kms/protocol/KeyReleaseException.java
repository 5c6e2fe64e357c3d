package org.depa.kms.protocol;

/** A key release did not yield a key; the subclass says at which stage. */
public abstract class KeyReleaseException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
