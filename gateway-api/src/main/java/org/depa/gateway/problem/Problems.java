package org.depa.gateway.problem;

import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;

/** Maps every refusal to its HTTP status and renders it as application/problem+json. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /**
     * The status of each ledger code, chosen one by one (a switch without default: a new code does
     * not compile until it is given a status here).
     */
    public static int status(ErrorCode code) {
        return switch (code) {
            case MALFORMED_REQUEST, INVALID_ARGUMENT, INVALID_CERTIFICATE, UNSUPPORTED_KEY -> 400;
            case NOT_FOUND -> 404;
            case NOT_SRO,
                    WRONG_ORGANISATION,
                    WRONG_CLIENT,
                    WRONG_ROLE,
                    NOT_A_PARTY,
                    PARTICIPANT_NOT_VERIFIED,
                    PARTICIPANT_SUSPENDED,
                    AGREEMENT_NOT_SIGNED,
                    REVOCATION_NOT_PERMITTED,
                    ENDORSEMENT_POLICY_FAILURE -> 403;
                // Conflicts with the ledger's state: retrying the same request cannot succeed until it changes.
            case ALREADY_EXISTS,
                    SIGNATURE_REPLAYED,
                    ALREADY_SIGNED,
                    STALE_VERSION,
                    INVALID_STATE,
                    RUN_NOT_ACTIVE,
                    RECEIPT_EXISTS,
                    PAYMENT_ALREADY_SETTLED,
                    CONTRACT_IN_USE,
                    MVCC_READ_CONFLICT -> 409;
                // Well-formed requests that break a rule of the consortium.
            case NO_AGREEMENT,
                    CERTIFICATE_NOT_VALID_NOW,
                    INVALID_SIGNATURE,
                    MALLEABLE_SIGNATURE,
                    CONTRACT_NOT_STARTED,
                    CONTRACT_EXPIRED,
                    TIMESTAMP_OUTSIDE_WINDOW,
                    SIGNATURES_MISSING,
                    DATASET_UNAVAILABLE,
                    PURPOSE_NOT_ALLOWED,
                    EPSILON_ABOVE_DATASET_LIMIT,
                    PAYMENT_BELOW_PRICE,
                    BUDGET_EXCEEDED,
                    BUDGET_BELOW_COMMITTED,
                    MEASUREMENT_NOT_CERTIFIED,
                    MEASUREMENT_NOT_ALLOWED,
                    ATTESTATION_INVALID,
                    ATTESTATION_MISMATCH,
                    CHIP_MISMATCH,
                    DATASET_NOT_IN_CONTRACT,
                    KEY_NOT_RELEASED,
                    HASH_MISMATCH,
                    EPSILON_OVERSPENT,
                    MODEL_NOT_COMMITTED -> 422;
            case INTERNAL -> 500;
        };
    }

    public static Response of(LedgerException e) {
        if (e.stage() == LedgerException.Stage.UNAVAILABLE) {
            return response(
                    503,
                    GatewayCode.LEDGER_UNAVAILABLE.name(),
                    "the ledger cannot be reached; try again later",
                    e.txId());
        }
        int status = status(e.code());
        String detail = status == 500 ? "the ledger failed to process the request" : e.getMessage();
        return response(status, e.code().name(), detail, e.txId());
    }

    public static Response of(ErrorCode code, String detail) {
        return response(status(code), code.name(), detail, null);
    }

    public static Response of(GatewayCode code, String detail) {
        return response(code.status(), code.name(), detail, null);
    }

    public static Response response(int status, String code, String detail, String txId) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(document(status, code, detail, txId))
                .build();
    }

    /** The problem document itself, for answers given below JAX-RS (the HTTP layer's limits). */
    public static String document(int status, String code, String detail, String txId) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : status == 414 ? "URI Too Long" : "HTTP " + status;
        Problem p = new Problem(
                "urn:depa:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
                title,
                status,
                detail,
                code,
                txId);
        return Json.canonicalString(p);
    }
}
