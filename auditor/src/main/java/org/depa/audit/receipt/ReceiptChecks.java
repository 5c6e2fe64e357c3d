package org.depa.audit.receipt;

import java.util.LinkedHashMap;
import java.util.Map;

/** The checks of one training receipt with its evidence, and what each proves, in report order. */
public final class ReceiptChecks {
    public static final String CONTRACT_HASH = "receipt.contract-hash";
    public static final String CIPHERTEXT_HASHES = "receipt.ciphertext-hashes";
    public static final String RUN_KEY_BINDING = "receipt.run-key-binding";
    public static final String ATTESTATION = "receipt.attestation";
    public static final String MEASUREMENT = "receipt.measurement";
    public static final String SIGNATURE = "receipt.signature";
    public static final String KEY_RELEASES = "receipt.key-releases";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(
                CONTRACT_HASH,
                "the contract version's documentSha256 is the SHA-256 of its canonical terms, and the receipt, the run and the"
                        + " contract name the same contract and version");
        DESCRIPTIONS.put(
                CIPHERTEXT_HASHES,
                "the receipt accounts for exactly the contract's datasets, each with the ciphertext hash the parties signed and"
                        + " an epsilon within its clause");
        DESCRIPTIONS.put(
                RUN_KEY_BINDING,
                "the start report is the one the receipt and the run name (SHA-256), and its REPORT_DATA binds the run id, the"
                        + " contract and the run key");
        DESCRIPTIONS.put(
                ATTESTATION,
                "the start report verifies to AMD's roots (ARK, ASK/ASVK, VCEK/VLEK) at the run's start time, no debug, VMPL 0"
                        + " (a development root fails unless --allow-dev-root, and is flagged even then)");
        DESCRIPTIONS.put(
                MEASUREMENT,
                "the measurement, chip and TCB the run recorded are the verified report's, and the contract allows that"
                        + " measurement");
        DESCRIPTIONS.put(SIGNATURE, "the run key signed this receipt body for this channel and chaincode");
        DESCRIPTIONS.put(
                KEY_RELEASES,
                "every dataset's key was released to this run, each release by the dataset's TDP, for the run's verified"
                        + " measurement, chip and TCB, and requested with the run key's signature over the release report's"
                        + " hash and the recipient key (the release report itself is not on the ledger)");
    }

    private ReceiptChecks() {}

    /** Every check id with what it proves, in report order. */
    public static Map<String, String> descriptions() {
        return DESCRIPTIONS;
    }
}
