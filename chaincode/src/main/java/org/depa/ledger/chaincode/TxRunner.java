package org.depa.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Tx;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * Runs a transaction body against its catalogue entry: the arguments are decoded into the entry's
 * request type, the body returns the entry's result type, and the result goes back as canonical
 * JSON. Rule violations become ChaincodeExceptions whose payload is the error code, the form
 * Fabric carries back to the client.
 */
final class TxRunner {
    private static final Logger LOG = Logger.getLogger(TxRunner.class.getName());

    private TxRunner() {}

    static <Q, R> String run(Tx<Q, R> tx, String argument, Function<Q, R> body) {
        return run(tx, new String[] {argument}, body);
    }

    static <R> String run(Tx<Void, R> tx, java.util.function.Supplier<R> body) {
        return run(tx, new String[0], ignored -> body.get());
    }

    static <Q, R> String run(Tx<Q, R> tx, String[] arguments, Function<Q, R> body) {
        try {
            return tx.resultText(body.apply(tx.decode(arguments)));
        } catch (LedgerRuleException e) {
            // The code leads the message too: Fabric's gateway returns the message of a failed proposal, not its
            // payload.
            throw new ChaincodeException(
                    e.code().name() + ": " + e.getMessage(), e.code().name().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A bug, not a refusal: log it here (the peer log) and give the client a classified error
            // instead of the router's bare "Unexpected error". Chaincode state holds no secrets.
            LOG.log(Level.SEVERE, tx.name() + " failed unexpectedly", e);
            throw new ChaincodeException(
                    "INTERNAL: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "INTERNAL".getBytes(StandardCharsets.UTF_8));
        }
    }
}
