package org.depa.ledger.chaincode;

import java.util.Objects;

/**
 * Deployment settings every endorsing peer's chaincode process must share. They come from the
 * environment, not the ledger, so no single submitter can set them; if one organisation's process
 * were configured differently, its endorsements would differ from the others' and the majority
 * policy would refuse the transaction.
 *
 * @param sroMspId the MSP ID of the regulator's organisation
 * @param chaincodeName the name bound into every signing payload (domain separation)
 */
public record ChaincodeSettings(String sroMspId, String chaincodeName) {
    public static final String SRO_MSP_ENV = "DEPA_SRO_MSP_ID";
    public static final String CHAINCODE_NAME_ENV = "DEPA_CHAINCODE_NAME";
    public static final String DEFAULT_SRO_MSP = "SROMSP";
    public static final String DEFAULT_CHAINCODE_NAME = "depa";

    private static volatile ChaincodeSettings current = fromEnvironment();

    public ChaincodeSettings {
        Objects.requireNonNull(sroMspId, "sroMspId");
        Objects.requireNonNull(chaincodeName, "chaincodeName");
    }

    public static ChaincodeSettings current() {
        return current;
    }

    /** For in-process ledgers: every contract instance in this JVM uses these settings. */
    public static void use(ChaincodeSettings settings) {
        current = Objects.requireNonNull(settings, "settings");
    }

    static ChaincodeSettings fromEnvironment() {
        String sro = System.getenv().getOrDefault(SRO_MSP_ENV, DEFAULT_SRO_MSP);
        String name = System.getenv().getOrDefault(CHAINCODE_NAME_ENV, DEFAULT_CHAINCODE_NAME);
        return new ChaincodeSettings(sro, name);
    }
}
