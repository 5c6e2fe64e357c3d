package org.depa.gateway.problem;

/** Refusals the gateway itself gives, before or around the ledger; codes never change meaning. */
public enum GatewayCode {
    /** No client certificate was presented. */
    UNAUTHENTICATED(401),
    /** The certificate is trusted but belongs to no registered participant or operator. */
    NOT_REGISTERED(403),
    /** The caller's role or kind may not use this operation (also: operations with no rule). */
    NOT_PERMITTED(403),
    /** The request names a participant other than the caller as its actor. */
    NOT_YOUR_IDENTITY(403),
    /** Path and body disagree, or a query parameter is invalid. */
    INVALID_PARAMETER(400),
    ROUTE_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    PAYLOAD_TOO_LARGE(413),
    /** The request line (path and query) is longer than the gateway accepts. */
    URI_TOO_LONG(414),
    /** The body is not valid UTF-8, or declares another charset; it is refused, never repaired. */
    INVALID_ENCODING(400),
    /** Every event-stream slot is taken; retry later (Retry-After). */
    TOO_MANY_STREAMS(503),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The dashboard holds as many sessions or pending logins as it may; retry later. */
    TOO_MANY_SESSIONS(503),
    /** A dashboard form came without its session's anti-forgery token, or with another. */
    FORM_NOT_TRUSTED(403),
    /** The ledger cannot be reached. */
    LEDGER_UNAVAILABLE(503),
    /** The CCR provider's operator, which holds a job's progress and sealed output, cannot be reached or refused this gateway. */
    JOB_OUTPUTS_UNAVAILABLE(503),
    /** A TDP's data endpoint cannot be reached or refuses this gateway, or none is configured. */
    DATA_ENDPOINT_UNAVAILABLE(503),
    /** The CCR provider's operator holds a job output whose hash differs from its manifest. */
    OUTPUT_CORRUPT(502),
    /** No verification of the caller's with this id is kept (each caller's last one is). */
    VERIFICATION_NOT_FOUND(404),
    /** The caller's own verification of the ledger is still running; one at a time per caller. */
    VERIFICATION_RUNNING(409),
    /** As many verifications run as the gateway allows at once; retry later. */
    TOO_MANY_VERIFICATIONS(503),
    /** The verification would take longer, or copy more of the ledger, than the gateway allows; run it offline. */
    VERIFICATION_TOO_LONG(503),
    /** This gateway cannot copy its ledger to verify it (an embedded ledger kept in memory only). */
    VERIFICATION_UNAVAILABLE(503),
    INTERNAL(500);

    private final int status;

    GatewayCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
