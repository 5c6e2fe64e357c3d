package org.depa.ledger.chaincode;

import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Base of every group of transactions (a Fabric "contract"; here "contract" means the multi-party
 * DEPA contract): gives transactions the ledger's own context.
 */
public abstract class DepaTransactions implements ContractInterface {
    @Override
    public DepaContext createContext(ChaincodeStub stub) {
        return DepaContext.of(stub, ChaincodeSettings.of(stub));
    }
}
