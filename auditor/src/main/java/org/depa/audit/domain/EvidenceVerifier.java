package org.depa.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.depa.attestation.CertificateLoader;
import org.depa.attestation.ReasonCode;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.RunEvidence;

/**
 * A run's start evidence verified by the auditor with the project's attestation library, as every
 * endorsing peer did: at the start's timestamp, debug refused, VMPL 0, AMD's pinned roots first;
 * only on UNKNOWN_ROOT, and only when the ledger's governance record names development roots, again
 * with the chain's self-signed {@code ARK-<product>} certificates those pins (or {@code any}) admit.
 */
final class EvidenceVerifier {
    /** Thrown when the evidence itself cannot be read (not base64, no certificate). */
    static final class EvidenceException extends Exception {
        private static final long serialVersionUID = 1L;

        EvidenceException(String message) {
            super(message, null, false, false);
        }
    }

    /** The verdict and which root it reached ({@link RunEvidence#AMD_ROOT} or {@link RunEvidence#DEVELOPMENT_ROOT}). */
    record Checked(Verdict verdict, String root, String reportSha256) {}

    private static final String ANY = "any";

    private EvidenceVerifier() {}

    static Checked verify(RunEvidence evidence, Instant at, List<String> developmentRoots) throws EvidenceException {
        byte[] report;
        try {
            report = Base64.getDecoder().decode(evidence.report());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EvidenceException("the evidence's report is not base64");
        }
        List<X509Certificate> chain;
        List<byte[]> ders = new ArrayList<>();
        try {
            chain = CertificateLoader.parse(evidence.certificateChainPem().getBytes(StandardCharsets.US_ASCII));
            for (X509Certificate c : chain) {
                ders.add(c.getEncoded());
            }
        } catch (CertificateException | RuntimeException e) {
            throw new EvidenceException("the evidence's certificate chain is not PEM certificates: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new EvidenceException("the evidence's certificate chain holds no certificate");
        }
        VerifierOptions amdOnly = VerifierOptions.defaults().withClock(Clock.fixed(at, ZoneOffset.UTC));
        VerificationPolicy policy = VerificationPolicy.defaults();
        Verdict verdict = SnpVerifier.create(amdOnly).verifyEncoded(report, ders, policy);
        String root = RunEvidence.AMD_ROOT;
        if (!verdict.accepted() && verdict.has(ReasonCode.UNKNOWN_ROOT) && !developmentRoots.isEmpty()) {
            VerifierOptions dev = amdOnly;
            for (X509Certificate c : chain) {
                Optional<SnpProduct> product = developmentRoot(c, developmentRoots);
                if (product.isPresent()) {
                    dev = dev.withDevelopmentRoot(product.get(), c);
                }
            }
            if (dev != amdOnly) {
                verdict = SnpVerifier.create(dev).verifyEncoded(report, ders, policy);
                root = RunEvidence.DEVELOPMENT_ROOT;
            }
        }
        return new Checked(verdict, root, Hashes.sha256Hex(report));
    }

    private static Optional<SnpProduct> developmentRoot(X509Certificate c, List<String> trusted) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return Optional.empty();
        }
        String pin = Hashes.sha256Hex(c.getPublicKey().getEncoded());
        if (!trusted.contains(pin) && !trusted.contains(ANY)) {
            return Optional.empty();
        }
        RDN[] cn;
        try {
            cn = X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (cn.length != 1) {
            return Optional.empty();
        }
        String name = IETFUtils.valueToString(cn[0].getFirst().getValue());
        return name.startsWith("ARK-") ? SnpProduct.fromDisplayName(name.substring(4)) : Optional.empty();
    }
}
