package org.depa.ledger.chaincode;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.depa.ledger.model.ErrorCode;

/**
 * Keeps the ledger's refusals out of the error log. Fabric's shim logs every error response at
 * SEVERE with a stack trace ({@code ResponseUtils.newErrorResponse}), including the refusals a
 * caller expects: a NOT_FOUND when the clean-room agent asks whether its run or receipt exists
 * yet, an AGREEMENT_NOT_SIGNED for a caller who has not signed. A refusal is an answer, not a
 * fault of the chaincode: it goes to the client with its code, and is logged here at FINE, one
 * line, without a stack trace. Anything else the shim logs (an INTERNAL error, a routing
 * failure, an unclassified exception) stays SEVERE with its stack trace.
 *
 * <p>Installed by the chaincode process ({@link ChaincodeMain}) and by the embedded ledger's
 * router; logging only, it changes no response.
 */
public final class RefusalLog implements Filter {
    /** The shim's logger for error responses. */
    static final String SHIM_RESPONSES = "org.hyperledger.fabric.shim.ResponseUtils";

    /** Where refusals are logged, at FINE. */
    static final String REFUSALS = "org.depa.ledger.chaincode.refusals";

    // Strong references: a logger only weakly reachable can be collected with its filter.
    private static final Logger SHIM = Logger.getLogger(SHIM_RESPONSES);
    private static final Logger OUT = Logger.getLogger(REFUSALS);

    private RefusalLog() {}

    /** Installs the filter on the shim's response logger; idempotent. */
    public static void install() {
        synchronized (SHIM) {
            if (!(SHIM.getFilter() instanceof RefusalLog)) {
                SHIM.setFilter(new RefusalLog());
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord r) {
        String code = refusalCode(r.getMessage());
        if (code == null) {
            return true;
        }
        String message = r.getMessage();
        int end = message.indexOf('\n');
        String firstLine = end < 0 ? message : message.substring(0, end);
        // The shim appends the exception's toString to the message on the same line.
        int glued = firstLine.indexOf("org.hyperledger.fabric.shim.ChaincodeException");
        OUT.log(Level.FINE, "refused: {0}", glued > 0 ? firstLine.substring(0, glued) : firstLine);
        return false;
    }

    /** The ledger error code a shim message starts with ("NOT_FOUND: ..."), or null; INTERNAL is not a refusal. */
    static String refusalCode(String message) {
        if (message == null) {
            return null;
        }
        int colon = message.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String head = message.substring(0, colon);
        for (ErrorCode c : ErrorCode.values()) {
            if (c.name().equals(head)) {
                return c == ErrorCode.INTERNAL ? null : head;
            }
        }
        return null;
    }
}
