package org.depa.ledger.chaincode;

import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Base of every contract class: gives transactions the ledger's own context. */
public abstract class DepaContract implements ContractInterface {
    @Override
    public DepaContext createContext(ChaincodeStub stub) {
        return new DepaContext(stub, ChaincodeSettings.current());
    }
}
