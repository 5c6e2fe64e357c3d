package org.depa.kms.custody;

/** The key store could not find, import or use a dataset key. The message never contains key material. */
public final class KeyCustodyException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyCustodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
