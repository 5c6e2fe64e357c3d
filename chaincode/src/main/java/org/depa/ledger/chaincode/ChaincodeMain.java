package org.depa.ledger.chaincode;

/**
 * Entry point of the chaincode process: the chaincode's own {@link TransactionRouter} (no
 * class-path scan), as a service when CHAINCODE_SERVER_ADDRESS is set (Fabric's
 * chaincode-as-a-service builder dials it), otherwise dialling the peer that launched it.
 * Refusals are logged at FINE, not as the shim's SEVERE stack traces ({@link RefusalLog}).
 */
public final class ChaincodeMain {
    private ChaincodeMain() {}

    public static void main(String[] args) throws Exception {
        RefusalLog.install();
        TransactionRouter.forProcess(args).serve();
    }
}
