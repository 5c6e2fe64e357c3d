package org.depa.gateway.audit;

import io.quarkus.qute.TemplateData;

/**
 * Where a caller's verification is: running (its stage, the check results so far and the seconds
 * since it started), finished (its result), or stopped (the refusal the API would have answered).
 *
 * @param state {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param verification the result when {@code DONE}, else null
 * @param code the refusal's code when {@code FAILED} ({@code VERIFICATION_TOO_LONG}, ...), else null
 * @param problem what the refusal says when {@code FAILED}, else null
 */
@TemplateData
public record VerificationStatus(
        String id,
        String state,
        String startedAt,
        String stage,
        long results,
        long elapsedSeconds,
        Verification verification,
        String code,
        String problem) {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public boolean running() {
        return RUNNING.equals(state);
    }

    public boolean done() {
        return DONE.equals(state);
    }
}
