package org.depa.ledger.model.domain;

/**
 * The evidence a run started on, kept with the run: the clean room's SEV-SNP report and the
 * certificate chain exactly as submitted, verified by every endorsing peer at the start's
 * transaction time.
 *
 * @param report the ATTESTATION_REPORT, base64; {@link TrainingRun#reportSha256()} is its SHA-256
 * @param certificateChainPem the certificates submitted with it (VCEK or VLEK, optionally ASK/ASVK, ARK)
 * @param product the product the leaf certificate names ("Milan", "Genoa", "Turin")
 * @param signingKey "VCEK" or "VLEK"
 * @param root {@code AMD} when the chain ends at one of AMD's pinned roots, {@code DEVELOPMENT}
 *     when it ends at a development (emulator) root the ledger was deployed to trust
 */
public record RunEvidence(String report, String certificateChainPem, String product, String signingKey, String root) {
    public static final String AMD_ROOT = "AMD";
    public static final String DEVELOPMENT_ROOT = "DEVELOPMENT";
}
