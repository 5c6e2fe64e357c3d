package org.depa.ledger.chaincode;

import org.hyperledger.fabric.contract.ContractRouter;

/**
 * Entry point of the chaincode process. With CHAINCODE_SERVER_ADDRESS set it runs as a service
 * (Fabric's chaincode-as-a-service builder dials it); the router finds the @Contract classes.
 * Refusals are logged at FINE, not as the shim's SEVERE stack traces ({@link RefusalLog}).
 */
public final class ChaincodeMain {
    private ChaincodeMain() {}

    public static void main(String[] args) throws Exception {
        RefusalLog.install();
        ContractRouter.main(args);
    }
}
