package org.depa.data.endpoint;

/** A download from a data endpoint that did not produce the whole body; {@link #kind()} says why. */
public class DataDownloadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a download failed. Only {@link #UNAVAILABLE} was retried before it was thrown. */
    public enum Kind {
        /** Not an https URI, or no trust configured for it. */
        LOCATION,
        /** The server's certificate is not the pinned one (or not for the host dialled). */
        TRUST,
        /** The server answered with a redirect; data comes only from the registered location. */
        REDIRECT,
        /** The body is larger than the bound (announced, or cut off while reading). */
        TOO_LARGE,
        /** The server refused (4xx), with its reason. */
        REFUSED,
        /** Unreachable, timed out or 5xx, after every attempt. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final int status;

    DataDownloadException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the server answered, or 0 when none arrived. */
    public int status() {
        return status;
    }
}
