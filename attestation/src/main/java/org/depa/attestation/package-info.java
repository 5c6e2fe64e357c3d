/**
 * Strict verification of AMD SEV-SNP attestation reports.
 *
 * <p>Entry point: {@link org.depa.attestation.SnpVerifier}. It takes the raw 1184-byte ATTESTATION_REPORT and the
 * VCEK (or VLEK) chain, and returns a {@link org.depa.attestation.Verdict} listing every
 * {@link org.depa.attestation.ReasonCode} it found; it never throws for bad input. AMD's ARKs for Milan, Genoa
 * and Turin are pinned; any other root, such as the emulator's, is trusted only through
 * {@link org.depa.attestation.VerifierOptions#withDevelopmentRoot}. What a relying party requires beyond
 * authenticity (debug, VMPL, minimum TCB, measurement, REPORT_DATA) is a
 * {@link org.depa.attestation.VerificationPolicy}.
 *
 * <p>This module depends on no other project module, so the ledger and the services can all depend on it.
 */
package org.depa.attestation;
