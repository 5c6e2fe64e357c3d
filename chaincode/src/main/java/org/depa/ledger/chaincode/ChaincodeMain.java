package org.depa.ledger.chaincode;

import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Entry point of the chaincode process. With CHAINCODE_SERVER_ADDRESS set it runs as a service
 * (Fabric's chaincode-as-a-service builder dials it), as {@link ContractRouter#main} would, but
 * with the transaction classes registered explicitly ({@link ExplicitRegistry}) instead of found
 * by a class-path scan. Without it (the peer launches the chaincode), Fabric's own main runs.
 * Refusals are logged at FINE, not as the shim's SEVERE stack traces ({@link RefusalLog}).
 */
public final class ChaincodeMain {
    private ChaincodeMain() {}

    public static void main(String[] args) throws Exception {
        RefusalLog.install();
        ContractRouter router = ExplicitRegistry.router(args);
        if (router.isServer()) {
            router.startRouterWithChaincodeServer(new NettyChaincodeServer(router, router.getChaincodeServerConfig()));
        } else {
            ContractRouter.main(args);
        }
    }
}
