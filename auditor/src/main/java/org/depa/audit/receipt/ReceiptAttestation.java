package org.depa.audit.receipt;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

/**
 * The start report verified again, as the chaincode's runs:start verified it: the attestation
 * library at the run's start time (a VCEK valid then may have expired since), AMD's bundled roots,
 * the default policy (no debug guest, VMPL 0). A development root (an emulator's self-signed ARK
 * carried in the chain) is tried only when the auditor allows it, and the result says so.
 */
final class ReceiptAttestation {
    /** The verdict, the root it ended at ("AMD", "DEVELOPMENT <spki sha-256>") or why nothing could be verified. */
    record Outcome(Verdict verdict, String root, String unreadable) {}

    private ReceiptAttestation() {}

    static Outcome verify(byte[] report, String chainPem, Instant at, ReceiptVerifier.Trust trust) {
        List<X509Certificate> chain;
        try {
            chain = CertificateLoader.parse(chainPem.getBytes(StandardCharsets.US_ASCII));
        } catch (CertificateException | RuntimeException e) {
            return new Outcome(null, null, "the certificate chain is not PEM certificates: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            return new Outcome(null, null, "the certificate chain holds no certificate");
        }
        VerifierOptions amdOnly = VerifierOptions.defaults().withClock(Clock.fixed(at, ZoneOffset.UTC));
        VerificationPolicy policy = VerificationPolicy.defaults();
        Verdict verdict = SnpVerifier.create(amdOnly).verify(report, chain, policy);
        if (verdict.accepted() || !verdict.has(ReasonCode.UNKNOWN_ROOT) || !trust.allowDevelopmentRoot()) {
            return new Outcome(verdict, "AMD", null);
        }
        VerifierOptions dev = amdOnly;
        List<String> pins = new ArrayList<>();
        for (X509Certificate c : chain) {
            Optional<SnpProduct> product = developmentRoot(c);
            String pin = Hashes.sha256Hex(c.getPublicKey().getEncoded());
            boolean pinned = trust.developmentRootPins().isEmpty()
                    || trust.developmentRootPins().contains(pin);
            if (product.isPresent() && pinned) {
                dev = dev.withDevelopmentRoot(product.get(), c);
                pins.add(pin);
            }
        }
        if (pins.isEmpty()) {
            return new Outcome(verdict, "AMD", null);
        }
        return new Outcome(SnpVerifier.create(dev).verify(report, chain, policy), "DEVELOPMENT " + pins, null);
    }

    /** The product of a self-signed "ARK-<product>" certificate (how the emulator names its root). */
    private static Optional<SnpProduct> developmentRoot(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return Optional.empty();
        }
        RDN[] cn =
                X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cn.length != 1) {
            return Optional.empty();
        }
        String name = IETFUtils.valueToString(cn[0].getFirst().getValue());
        return name.startsWith("ARK-") ? SnpProduct.fromDisplayName(name.substring(4)) : Optional.empty();
    }
}
