package org.depa.audit.report;

/** Where the verifiers put their results, one per check and scope, as they go. */
public interface CheckSink {
    void accept(CheckResult result);

    default void pass(String id, String scope, String details) {
        accept(new CheckResult(id, scope, Status.PASS, details));
    }

    default void fail(String id, String scope, String details) {
        accept(new CheckResult(id, scope, Status.FAIL, details));
    }

    default void skip(String id, String scope, String details) {
        accept(new CheckResult(id, scope, Status.SKIP, details));
    }

    /** PASS when {@code problem} is null, FAIL with it otherwise. */
    default void verdict(String id, String scope, String problem, String passDetails) {
        if (problem == null) {
            pass(id, scope, passDetails);
        } else {
            fail(id, scope, problem);
        }
    }
}
