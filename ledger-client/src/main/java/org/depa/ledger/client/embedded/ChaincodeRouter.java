package org.depa.ledger.client.embedded;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.depa.ledger.chaincode.RefusalLog;
import org.depa.ledger.chaincode.TransactionRouter;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The chaincode's own router, in-process: the embedded ledger dispatches through the same routing,
 * argument conversion and error handling as a peer's chaincode process ({@link TransactionRouter},
 * which behaves as Fabric's ContractRouter does, without its class-path scan). One per JVM.
 */
final class ChaincodeRouter {
    private ChaincodeRouter() {}

    static Response invoke(ChaincodeStub stub) {
        return Holder.ROUTER.invoke(stub);
    }

    private static final class Holder {
        static final TransactionRouter ROUTER = start();

        private static TransactionRouter start() {
            // Refusals (NOT_FOUND for a receipt not yet submitted, ...) are answers, not errors: FINE, no
            // stack trace; the shim's own loggers (error responses) say only what is worse than a warning.
            Logger.getLogger("org.hyperledger").setLevel(Level.WARNING);
            RefusalLog.install();
            return TransactionRouter.inProcess();
        }
    }
}
