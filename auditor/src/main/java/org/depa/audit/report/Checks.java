package org.depa.audit.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the checks and what each one proves, in the order the report lists them. */
public final class Checks {
    public static final String BLOCK_SEQUENCE = "fabric.block.sequence";
    public static final String TRUST_ANCHOR = "fabric.block.trust-anchor";
    public static final String HASH_CHAIN = "fabric.block.hash-chain";
    public static final String DATA_HASH = "fabric.block.data-hash";
    public static final String ORDERER_SIGNATURES = "fabric.block.orderer-signatures";
    public static final String HEAD = "fabric.block.head";
    public static final String TX_CANONICAL = "fabric.tx.canonical";
    public static final String TX_ID = "fabric.tx.id";
    public static final String TX_CREATOR = "fabric.tx.creator";
    public static final String TX_SIGNATURE = "fabric.tx.signature";
    public static final String ENDORSEMENT_SIGNATURES = "fabric.tx.endorsement-signatures";
    public static final String ENDORSER_IDENTITIES = "fabric.tx.endorser-identities";
    public static final String ENDORSEMENT_POLICY = "fabric.tx.endorsement-policy";
    public static final String CONFIG_UPDATE = "fabric.config.update";
    public static final String PEERS_BLOCKS = "fabric.peers.blocks";
    public static final String PEERS_FLAGS = "fabric.peers.validation-flags";
    public static final String DEVELOPMENT_ROOT = "domain.attestation.development-root";
    // The domain replay (org.depa.audit.domain): the chaincode's writes against the rules.
    public static final String DOMAIN_RECORDS = "domain.records";
    public static final String CONTRACT_DOCUMENT = "domain.contract.document";
    public static final String CONTRACT_SIGNATURE = "domain.contract.signature";
    public static final String CONTRACT_ACTIVATION = "domain.contract.activation";
    public static final String RUN_ATTESTATION = "domain.run.attestation";
    public static final String KEY_RELEASE = "domain.key-release";
    public static final String RECEIPT_SIGNATURE = "domain.receipt.signature";
    public static final String RECEIPT_EPSILON = "domain.receipt.epsilon";
    public static final String BUDGET = "domain.budget";
    public static final String PAYMENT = "domain.payment";
    // The embedded ledger's own chain (org.depa.audit.embedded).
    public static final String LINE_FORMAT = "embedded.line.format";
    public static final String LINE_SEQUENCE = "embedded.line.sequence";
    public static final String LINE_HASH_CHAIN = "embedded.line.hash-chain";
    public static final String LINE_SIGNATURE = "embedded.line.signature";
    public static final String HEAD_FILE = "embedded.head-file";
    public static final String EMBEDDED_TRUST_ANCHOR = "embedded.trust-anchor";
    public static final String EMBEDDED_HEAD = "embedded.head";

    /** The checks only a Fabric bundle has. */
    public static final java.util.Set<String> FABRIC_ONLY = java.util.Set.of(
            BLOCK_SEQUENCE,
            TRUST_ANCHOR,
            HASH_CHAIN,
            DATA_HASH,
            ORDERER_SIGNATURES,
            HEAD,
            TX_CANONICAL,
            TX_ID,
            TX_CREATOR,
            TX_SIGNATURE,
            ENDORSEMENT_SIGNATURES,
            ENDORSER_IDENTITIES,
            ENDORSEMENT_POLICY,
            CONFIG_UPDATE,
            PEERS_BLOCKS,
            PEERS_FLAGS);

    /** The checks only an embedded ledger has. */
    public static final java.util.Set<String> EMBEDDED_ONLY = java.util.Set.of(
            LINE_FORMAT,
            LINE_SEQUENCE,
            LINE_HASH_CHAIN,
            LINE_SIGNATURE,
            HEAD_FILE,
            EMBEDDED_TRUST_ANCHOR,
            EMBEDDED_HEAD);

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(BLOCK_SEQUENCE, "blocks are numbered 0, 1, 2, ... with none missing or out of place");
        DESCRIPTIONS.put(
                TRUST_ANCHOR,
                "the genesis block's header hash equals the one the auditor pinned (--genesis-hash); printed when none is given");
        DESCRIPTIONS.put(HASH_CHAIN, "each block's previous_hash is the header hash of the block before it");
        DESCRIPTIONS.put(DATA_HASH, "each block's data_hash is the SHA-256 of its transactions' bytes");
        DESCRIPTIONS.put(
                ORDERER_SIGNATURES,
                "the orderers' signatures in the block metadata satisfy /Channel/Orderer/BlockValidation of the config governing the block");
        DESCRIPTIONS.put(
                HEAD, "the last block's header hash equals the head the auditor recorded earlier (--expect-head)");
        DESCRIPTIONS.put(
                TX_CANONICAL,
                "every envelope and its nested messages re-marshal to the same bytes, with no unknown field (no spliced envelopes)");
        DESCRIPTIONS.put(
                TX_ID,
                "the transaction id is SHA-256(nonce || creator), the header names this channel, and no valid transaction repeats the id");
        DESCRIPTIONS.put(
                TX_CREATOR, "the creator's certificate chains to its organisation's MSP roots in the governing config");
        DESCRIPTIONS.put(TX_SIGNATURE, "the envelope's signature verifies under the creator's key (low-S ECDSA)");
        DESCRIPTIONS.put(
                ENDORSEMENT_SIGNATURES,
                "each endorsement signs the proposal response payload followed by the endorser's identity");
        DESCRIPTIONS.put(
                ENDORSER_IDENTITIES,
                "each endorser's certificate chains to its organisation's MSP roots in the governing config (the policy then asks for the peer role)");
        DESCRIPTIONS.put(
                ENDORSEMENT_POLICY,
                "the valid endorsements satisfy the endorsement policy of every namespace the transaction writes (chaincode definition, key-level policies, implicit collections)");
        DESCRIPTIONS.put(
                CONFIG_UPDATE,
                "each configuration change is the signed config update's write set, and its signatures satisfy the mod_policy of every element it changes");
        DESCRIPTIONS.put(PEERS_BLOCKS, "every peer's export holds the same blocks (header hashes) as the first export");
        DESCRIPTIONS.put(PEERS_FLAGS, "every peer marked each transaction valid or invalid with the same code");
        DESCRIPTIONS.put(
                DEVELOPMENT_ROOT,
                "the chaincode trusts AMD's attestation roots only: the governance record names no development (emulator) root, so every run started on AMD-signed evidence (a development root fails unless --allow-dev-root, and is flagged even then)");
        DomainDescriptions.add(DESCRIPTIONS);
    }

    private Checks() {}

    /** Every check id with what it proves, in report order. */
    public static Map<String, String> descriptions() {
        return DESCRIPTIONS;
    }
}
