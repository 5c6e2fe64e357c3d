package org.depa.dataset;

import java.io.IOException;

/** A dataset ciphertext failed authentication: altered, truncated, wrong key or wrong dataset id. */
public final class DatasetDecryptionException extends IOException {
    private static final long serialVersionUID = 1L;

    DatasetDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
