package org.depa.data.endpoint;

/** A different ciphertext is already published under the dataset id; nothing was changed. */
public final class PublishConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PublishConflictException(String message) {
        super(message);
    }
}
