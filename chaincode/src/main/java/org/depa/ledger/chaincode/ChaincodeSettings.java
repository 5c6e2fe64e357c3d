package org.depa.ledger.chaincode;

import java.util.Objects;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Deployment settings every endorsing peer's chaincode process must share. On a peer they come
 * from the process environment, read once, not from the ledger, so no single submitter can set
 * them; if one organisation's process were configured differently, its endorsements would differ
 * from the others' and the majority policy would refuse the transaction. An in-process ledger
 * passes its own settings with each transaction's stub ({@link Carrier}), so two ledgers in one
 * JVM never share them.
 *
 * @param sroMspId the MSP ID of the regulator's organisation
 * @param chaincodeName the name bound into every signing payload (domain separation)
 */
public record ChaincodeSettings(String sroMspId, String chaincodeName) {
    public static final String SRO_MSP_ENV = "DEPA_SRO_MSP_ID";
    public static final String CHAINCODE_NAME_ENV = "DEPA_CHAINCODE_NAME";
    public static final String DEFAULT_SRO_MSP = "SROMSP";
    public static final String DEFAULT_CHAINCODE_NAME = "depa";

    /** This process's settings when the stub carries none: a peer's chaincode process. */
    private static final ChaincodeSettings ENVIRONMENT = fromEnvironment();

    public ChaincodeSettings {
        Objects.requireNonNull(sroMspId, "sroMspId");
        Objects.requireNonNull(chaincodeName, "chaincodeName");
    }

    /** A stub that brings its ledger's settings: the embedded ledger's. A peer's stub does not. */
    public interface Carrier {
        ChaincodeSettings chaincodeSettings();
    }

    static ChaincodeSettings of(ChaincodeStub stub) {
        return stub instanceof Carrier c ? c.chaincodeSettings() : ENVIRONMENT;
    }

    static ChaincodeSettings fromEnvironment() {
        String sro = System.getenv().getOrDefault(SRO_MSP_ENV, DEFAULT_SRO_MSP);
        String name = System.getenv().getOrDefault(CHAINCODE_NAME_ENV, DEFAULT_CHAINCODE_NAME);
        return new ChaincodeSettings(sro, name);
    }
}
