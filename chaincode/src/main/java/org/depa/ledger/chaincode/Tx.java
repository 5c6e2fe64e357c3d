package org.depa.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Runs a transaction body and turns rule violations into ChaincodeExceptions whose payload is the
 * error code, the form Fabric carries back to the client. Results are canonical JSON text.
 */
final class Tx {
    private static final Logger LOG = Logger.getLogger(Tx.class.getName());

    private Tx() {}

    static String run(Supplier<Object> body) {
        try {
            Object result = body.get();
            return result instanceof String s ? s : Json.canonicalString(result);
        } catch (LedgerRuleException e) {
            // The code leads the message too: Fabric's gateway returns the message of a failed proposal, not its
            // payload.
            throw new ChaincodeException(
                    e.code().name() + ": " + e.getMessage(), e.code().name().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A bug, not a refusal: log it here (the peer log) and give the client a classified error
            // instead of the router's bare "Unexpected error". Chaincode state holds no secrets.
            LOG.log(Level.SEVERE, "transaction failed unexpectedly", e);
            throw new ChaincodeException(
                    "INTERNAL: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "INTERNAL".getBytes(StandardCharsets.UTF_8));
        }
    }
}
