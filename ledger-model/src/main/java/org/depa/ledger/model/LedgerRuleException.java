package org.depa.ledger.model;

import java.util.Objects;

/**
 * A request broke a rule of the ledger. Thrown by validation code shared between the chaincode and
 * its clients; the chaincode turns it into a ChaincodeException with {@link #code()} as payload.
 */
public final class LedgerRuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public LedgerRuleException(ErrorCode code, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
