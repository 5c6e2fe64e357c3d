package org.depa.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Runs a transaction body and turns rule violations into ChaincodeExceptions whose payload is the
 * error code, the form Fabric carries back to the client. Results are canonical JSON text.
 */
final class Tx {
    private Tx() {}

    static String run(Supplier<Object> body) {
        try {
            Object result = body.get();
            return result instanceof String s ? s : Json.canonicalString(result);
        } catch (LedgerRuleException e) {
            throw new ChaincodeException(e.getMessage(), e.code().name().getBytes(StandardCharsets.UTF_8));
        }
    }
}
