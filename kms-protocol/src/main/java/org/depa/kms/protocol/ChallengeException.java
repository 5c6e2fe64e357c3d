package org.depa.kms.protocol;

/** The bridge gave no usable challenge: unreachable, refused, or answered something unreadable. */
public final class ChallengeException extends KeyReleaseException {
    private static final long serialVersionUID = 1L;

    public ChallengeException(String message, Throwable cause) {
        super(message, cause);
    }
}
