package org.depa.kms.bridge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Refusals on the audit log, rate-limited: in each window the first {@code linesPerWindow} refusals are written
 * one line each, the rest are only counted, and the next audit event after the window writes one summary line
 * with the count per reason ({@code outcome=REFUSED-SUMMARY}). So a flood of refused requests cannot fill the
 * disk (each refusal used to write a warning: 11.5 MB of log in 20 s), and every refusal is still accounted for.
 * Thread-safe.
 */
final class RefusalAudit {
    private final Clock clock;
    private final Duration window;
    private final int linesPerWindow;
    private final Map<String, Long> totals = new TreeMap<>();
    private final Map<String, Long> suppressed = new TreeMap<>();
    private Instant windowStart;
    private int written;

    RefusalAudit(Clock clock, Duration window, int linesPerWindow) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative() || linesPerWindow < 0) {
            throw new IllegalArgumentException("window must be positive and linesPerWindow at least 0");
        }
        this.linesPerWindow = linesPerWindow;
        this.windowStart = clock.instant();
    }

    /** A refusal as its problem document says: the reason code, the ledger's code and the verifier's reasons. */
    void refused(String party, String runId, String subject, RefusalException e) {
        refused(
                party,
                runId,
                subject,
                e.problem().reasonCode().name()
                        + (e.problem().ledgerCode() == null
                                ? ""
                                : "/" + e.problem().ledgerCode())
                        + (e.problem().attestationReasons().isEmpty()
                                ? ""
                                : "/" + String.join(",", e.problem().attestationReasons())),
                e.problem().detail());
    }

    void refused(String tdpId, String runId, String datasetId, String reason, String detail) {
        String code = reason.contains("/") ? reason.substring(0, reason.indexOf('/')) : reason;
        boolean write;
        synchronized (this) {
            roll(tdpId);
            totals.merge(code, 1L, Long::sum);
            write = written < linesPerWindow;
            if (write) {
                written++;
            } else {
                suppressed.merge(code, 1L, Long::sum);
            }
        }
        if (write) {
            Audit.refused(tdpId, runId, datasetId, reason, detail);
        }
    }

    /** Writes the summary of a window that has ended, if any refusal was only counted in it. */
    synchronized void roll(String tdpId) {
        Instant now = clock.instant();
        if (now.isBefore(windowStart.plus(window))) {
            return;
        }
        if (!suppressed.isEmpty()) {
            Audit.summary(tdpId, windowStart, now, Map.copyOf(suppressed));
            suppressed.clear();
        }
        windowStart = now;
        written = 0;
    }

    /** Refusals per reason code since the start, written or only counted. */
    synchronized Map<String, Long> totals() {
        return Map.copyOf(totals);
    }
}
