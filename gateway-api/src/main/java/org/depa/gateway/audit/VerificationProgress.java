package org.depa.gateway.audit;

import java.util.concurrent.atomic.AtomicReference;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Status;

/**
 * How far a running verification is, read by the page that follows it: the stage it is in and,
 * once the checks run, how many check results the auditor's report holds so far. Written by the
 * verification's thread, read by request threads.
 */
final class VerificationProgress {
    static final String COPYING = "copying the ledger";
    static final String CONNECTING = "connecting to the payment chain";
    static final String CHECKING = "running the checks";

    private volatile String stage = COPYING;
    private final AtomicReference<AuditReport> report = new AtomicReference<>();

    void stage(String now) {
        stage = now;
    }

    void checking(AuditReport r) {
        report.set(r);
        stage = CHECKING;
    }

    String stage() {
        return stage;
    }

    /** The check results the report has recorded so far (0 before the checks start). */
    long results() {
        AuditReport r = report.get();
        return r == null ? 0 : r.count(Status.PASS) + r.count(Status.FAIL) + r.count(Status.SKIP);
    }
}
