package org.depa.audit.receipt;

/** Receipt evidence that cannot be read or fetched: a usage or input error (exit 2), not a failed check. */
public final class ReceiptEvidenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReceiptEvidenceException(String message) {
        super(message);
    }
}
