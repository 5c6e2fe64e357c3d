package org.depa.kms.bridge;

import java.util.List;
import java.util.Objects;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;

/** A release refused: carries the problem document the client gets. Never carries key material. */
public final class RefusalException extends Exception {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialised
    private final Problem problem;

    RefusalException(Problem problem) {
        super(problem.reasonCode() + ": " + problem.detail());
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public static RefusalException of(RefusalCode code, String detail) {
        return new RefusalException(Problem.of(status(code), code, detail));
    }

    static RefusalException attestation(RefusalCode code, String detail, List<String> reasons) {
        return new RefusalException(Problem.of(status(code), code, detail).withAttestationReasons(reasons));
    }

    static RefusalException ledger(RefusalCode code, String ledgerCode, String detail) {
        return new RefusalException(Problem.of(status(code), code, detail).withLedgerCode(ledgerCode));
    }

    public Problem problem() {
        return problem;
    }

    /** The HTTP status of each refusal. */
    public static int status(RefusalCode code) {
        return switch (code) {
            case MALFORMED_REQUEST, UNSUPPORTED_RECIPIENT_KEY -> 400;
            case NONCE_UNKNOWN,
                    NONCE_REPLAYED,
                    NONCE_EXPIRED,
                    REPORT_DATA_MISMATCH,
                    CHIP_MISMATCH,
                    RUN_KEY_PROOF_INVALID,
                    ATTESTATION_REFUSED,
                    NOT_RELEASABLE,
                    LEDGER_REFUSED,
                    CLIENT_NOT_TRUSTED,
                    NOT_THE_KEY_OWNER,
                    ADMIN_NOT_CONFIGURED -> 403;
            case NO_CLIENT_CERTIFICATE -> 401;
            case KEY_UNAVAILABLE, NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case KEY_ID_TAKEN -> 409;
            case KEY_MISMATCH -> 422;
            case REQUEST_TOO_LARGE -> 413;
            case CHALLENGE_CAPACITY -> 429;
            case LEDGER_UNAVAILABLE -> 503;
            case INTERNAL, KEY_UNUSABLE -> 500;
        };
    }
}
