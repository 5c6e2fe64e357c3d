package org.depa.audit.report;

/**
 * The audit's thread was interrupted, so it stopped before the end of the ledger and its report
 * is incomplete: a caller that bounds an audit in time (the gateway's verification) interrupts it.
 */
public final class AuditStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditStopped(String where) {
        super("the audit was stopped at " + where + " before the end of the ledger; its report is incomplete");
    }

    /** Stops the audit at {@code where} when its thread has been interrupted (the flag is kept set). */
    public static void ifInterrupted(String where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new AuditStopped(where);
        }
    }
}
