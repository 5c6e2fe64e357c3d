package org.depa.audit.bundle;

/** The bundle cannot be read as a bundle (missing manifest, unknown format, no blocks): an input error. */
public final class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
