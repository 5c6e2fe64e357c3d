package org.depa.ledger.chaincode;

import java.util.logging.Handler;
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
 * <p>The shim's loggers are not registered with the LogManager (a filter on them cannot be set),
 * so this is a handler on their parent, {@code org.hyperledger.fabric}, which stops propagating
 * to its own parents: every record but a refusal is passed on to the handlers above unchanged.
 * Installed by the chaincode process ({@link ChaincodeMain}) and by the embedded ledger's router;
 * logging only, it changes no response.
 */
public final class RefusalLog extends Handler {
    /** The parent of the shim's loggers. */
    static final String SHIM = "org.hyperledger.fabric";

    /** Where refusals are logged, at FINE. */
    static final String REFUSALS = "org.depa.ledger.chaincode.refusals";

    // Strong references: a logger only weakly reachable can be collected with its handlers.
    private static final Logger FABRIC = Logger.getLogger(SHIM);
    private static final Logger OUT = Logger.getLogger(REFUSALS);

    private RefusalLog() {
        setLevel(Level.ALL);
    }

    /** Installs the handler on the shim's parent logger; idempotent. */
    public static void install() {
        synchronized (FABRIC) {
            for (Handler h : FABRIC.getHandlers()) {
                if (h instanceof RefusalLog) {
                    return;
                }
            }
            FABRIC.addHandler(new RefusalLog());
            FABRIC.setUseParentHandlers(false);
        }
    }

    @Override
    public void publish(LogRecord r) {
        String code = refusalCode(r.getMessage());
        if (code != null) {
            OUT.log(Level.FINE, "refused: {0}", firstLine(r.getMessage()));
            return;
        }
        // What propagation would have done: the handlers of each parent, up to the first that stops.
        for (Logger p = FABRIC.getParent(); p != null; p = p.getParent()) {
            for (Handler h : p.getHandlers()) {
                h.publish(r);
            }
            if (!p.getUseParentHandlers()) {
                break;
            }
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        // The shim appends the exception's toString to the message on the same line.
        int glued = line.indexOf("org.hyperledger.fabric.shim.ChaincodeException");
        return (glued > 0 ? line.substring(0, glued) : line).strip();
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
