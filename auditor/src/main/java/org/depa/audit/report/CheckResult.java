package org.depa.audit.report;

import java.util.Objects;

/**
 * One check on one scope: {@code id} names the check (see {@link Checks}), {@code scope} what it
 * was applied to ({@code block 12}, {@code block 12 tx 0 (txid ...)}, {@code bundle}).
 */
public record CheckResult(String id, String scope, Status status, String details) {
    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(status, "status");
        details = details == null ? "" : details;
    }
}
