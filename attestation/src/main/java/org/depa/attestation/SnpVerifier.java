package org.depa.attestation;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Verifies AMD SEV-SNP attestation reports. Strict: the report must be exactly as the firmware ABI lays it out,
 * signed by a VCEK (or VLEK) whose chain ends in a pinned AMD ARK of the leaf's own product, with the leaf's TCB
 * and hwID equal to the report's, and must then satisfy the relying party's {@link VerificationPolicy}.
 *
 * <p>Verification never throws for any content of the report or the certificates: malformed input is a verdict
 * that refuses, with its reasons. Implementations are immutable and safe to share between threads.
 */
public interface SnpVerifier {

    /** A verifier that trusts AMD's roots only, at the system clock. */
    static SnpVerifier create() {
        return create(VerifierOptions.defaults());
    }

    static SnpVerifier create(VerifierOptions options) {
        return new DefaultSnpVerifier(Objects.requireNonNull(options, "options"));
    }

    /**
     * Verifies {@code report} against {@code chain}.
     *
     * @param report the raw ATTESTATION_REPORT
     * @param chain the leaf (VCEK or VLEK) first, then optionally its intermediate (ASK or ASVK) and the ARK. For
     *     a VCEK the bundled AMD ASK and ARK of the leaf's product are used where they are left out.
     * @param policy what the relying party requires on top of authenticity
     * @throws NullPointerException if an argument or chain element is null
     */
    Verdict verify(byte[] report, List<X509Certificate> chain, VerificationPolicy policy);

    /** {@link #verify(byte[], List, VerificationPolicy)} under {@link VerificationPolicy#defaults()}. */
    default Verdict verify(byte[] report, List<X509Certificate> chain) {
        return verify(report, chain, VerificationPolicy.defaults());
    }

    /**
     * As {@link #verify(byte[], List, VerificationPolicy)}, with certificates as raw DER: for callers that hold
     * encodings rather than parsed certificates. Undecodable DER is a refusal, not an exception.
     */
    Verdict verifyEncoded(byte[] report, List<byte[]> derChain, VerificationPolicy policy);
}
