package org.depa.ledger.client;

import java.util.Objects;
import org.depa.ledger.model.ErrorCode;

/**
 * A ledger call failed. {@link #stage()} says where (the chaincode refused while endorsing, the
 * ledger refused at commit, or the ledger could not be reached) and {@link #code()} says why, in
 * the same codes the chaincode uses.
 */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where in a transaction's life the failure happened. */
    public enum Stage {
        ENDORSE,
        SUBMIT,
        COMMIT,
        EVALUATE,
        UNAVAILABLE
    }

    private final Stage stage;
    private final ErrorCode code;
    private final String txId;

    public LedgerException(Stage stage, ErrorCode code, String message, String txId, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.code = Objects.requireNonNull(code, "code");
        this.txId = txId;
    }

    public Stage stage() {
        return stage;
    }

    public ErrorCode code() {
        return code;
    }

    /** The transaction id, when one was assigned. */
    public String txId() {
        return txId;
    }

    /** True for failures a fresh transaction may not hit again (an MVCC conflict). */
    public boolean retryable() {
        return code == ErrorCode.MVCC_READ_CONFLICT || stage == Stage.UNAVAILABLE;
    }

    /**
     * Splits a chaincode error message "CODE: text" into code and text, as the chaincode writes
     * it (the code travels in the message because Fabric's gateway does not return payloads of
     * failed proposals).
     */
    public static LedgerException fromChaincode(Stage stage, String message, String txId) {
        String text = message == null ? "" : message;
        int colon = text.indexOf(": ");
        ErrorCode code = colon > 0
                ? ErrorCode.fromPayload(text.substring(0, colon).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : ErrorCode.INTERNAL;
        return new LedgerException(
                stage, code, code == ErrorCode.INTERNAL ? text : text.substring(colon + 2), txId, null);
    }

    @Override
    public String toString() {
        return "LedgerException[" + stage + " " + code + "]: " + getMessage();
    }
}
