package org.depa.attestation;

import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.util.encoders.Hex;

/**
 * Runs every check it can and collects all reasons. Each stage is guarded so that an unexpected failure in one
 * becomes a reason (and a refusal) instead of an exception, and the other stages still report.
 */
final class DefaultSnpVerifier implements SnpVerifier {
    private static final String VCEK_NAME = "SEV-VCEK";
    private static final String VLEK_NAME = "SEV-VLEK";

    private final VerifierOptions options;
    private final ChainValidator chains;

    DefaultSnpVerifier(VerifierOptions options) {
        this.options = options;
        List<Crl> crls = new ArrayList<>();
        for (X509CRL crl : options.crls()) {
            try {
                crls.add(Crl.parse(crl.getEncoded()));
            } catch (CRLException e) {
                throw new IllegalArgumentException("CRL cannot be encoded", e);
            }
        }
        this.chains = new ChainValidator(TrustAnchors.create(options.developmentRoots()), crls);
    }

    @Override
    public Verdict verify(byte[] report, List<X509Certificate> chain, VerificationPolicy policy) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(policy, "policy");
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                ders.add(Objects.requireNonNull(c, "chain element").getEncoded());
            } catch (CertificateEncodingException e) {
                ders.add(new byte[0]); // refused below as a malformed certificate
            }
        }
        return verifyEncoded(report, ders, policy);
    }

    @Override
    public Verdict verifyEncoded(byte[] reportBytes, List<byte[]> derChain, VerificationPolicy policy) {
        Objects.requireNonNull(reportBytes, "report");
        Objects.requireNonNull(policy, "policy");
        List<byte[]> ders = List.copyOf(Objects.requireNonNull(derChain, "derChain"));
        Findings f = new Findings();
        try {
            return run(reportBytes, ders, policy, f);
        } catch (RuntimeException e) {
            // The stages are guarded one by one; this is the last line, so that no input can make verify throw.
            f.refuse(
                    ReasonCode.INTERNAL_ERROR,
                    "verification failed (" + e.getClass().getSimpleName() + ")");
            return verdict(f, Optional.empty(), Optional.empty(), "", new byte[Report.CHIP_ID_SIZE]);
        }
    }

    private Verdict run(byte[] reportBytes, List<byte[]> ders, VerificationPolicy policy, Findings f) {
        Instant now = options.clock().instant();

        Optional<Report> report = Optional.empty();
        if (reportBytes.length != Report.SIZE) {
            f.refuse(ReasonCode.WRONG_LENGTH, reportBytes.length + " bytes, a report is exactly " + Report.SIZE);
        } else {
            Report r = new Report(reportBytes);
            report = Optional.of(r);
            guard(f, ReasonCode.INTERNAL_ERROR, () -> ReportStructure.check(r, f));
        }

        List<ParsedCertificate> chain = parse(ders, f);
        Optional<ParsedCertificate> leaf = LeafChoice.choose(chain, report);
        if (leaf.isEmpty() && !chain.isEmpty()) {
            f.refuse(ReasonCode.MISSING_CERTIFICATE, "no VCEK or VLEK among the " + chain.size() + " CA certificates");
        }
        boolean vlek = leaf.map(l -> VLEK_NAME.equals(l.subjectCommonName())).orElse(false);
        Optional<SnpProduct> product = Optional.empty();
        Optional<ECPublicKeyParameters> key = Optional.empty();
        if (leaf.isPresent()) {
            ParsedCertificate l = leaf.get();
            String cn = l.subjectCommonName();
            if (!VCEK_NAME.equals(cn) && !VLEK_NAME.equals(cn)) {
                f.refuse(ReasonCode.CHAIN_INVALID, "leaf is named '" + cn + "', not SEV-VCEK or SEV-VLEK");
            }
            product = guarded(f, ReasonCode.MALFORMED_CERTIFICATE, () -> LeafExtensions.product(l, f));
            key = LeafKey.p384(l);
            if (key.isEmpty()) {
                f.refuse(ReasonCode.MALFORMED_CERTIFICATE, "leaf key is not an ECDSA P-384 named-curve key");
            }
            Optional<SnpProduct> p = product;
            guard(f, ReasonCode.MALFORMED_CERTIFICATE, () -> chains.validate(l, chain, vlek, p, now, f));
        }

        if (report.isPresent()) {
            Report r = report.get();
            checkSigner(r, leaf.isPresent(), vlek, f);
            Optional<ECPublicKeyParameters> k = key;
            guard(f, ReasonCode.INTERNAL_ERROR, () -> checkSignature(r, k, f));
            if (leaf.isPresent() && product.isPresent()) {
                SnpProduct p = product.get();
                guard(f, ReasonCode.MALFORMED_CERTIFICATE, () -> ReportBinding.check(r, leaf.get(), vlek, p, f));
            }
            Optional<SnpProduct> p = product;
            guard(f, ReasonCode.INTERNAL_ERROR, () -> PolicyChecks.check(r, p, policy, f));
        }
        Optional<ParsedCertificate> vcek = leaf.filter(l -> !vlek);
        Optional<SnpProduct> p = product;
        byte[] chip = report.map(r -> ReportBinding.chip(r, vcek, p)).orElse(new byte[Report.CHIP_ID_SIZE]);
        return verdict(f, report, product, leaf.isPresent() ? (vlek ? "VLEK" : "VCEK") : "", chip);
    }

    /** Parses every certificate; one that fails is refused and left out, the others are returned in order. */
    private static List<ParsedCertificate> parse(List<byte[]> ders, Findings f) {
        if (ders.isEmpty()) {
            f.refuse(ReasonCode.MISSING_CERTIFICATE, "no leaf certificate given");
        }
        List<ParsedCertificate> out = new ArrayList<>();
        for (int i = 0; i < ders.size(); i++) {
            try {
                out.add(ParsedCertificate.parse(Objects.requireNonNull(ders.get(i), "chain element")));
            } catch (CertificateParsingException e) {
                f.refuse(ReasonCode.MALFORMED_CERTIFICATE, "certificate " + i + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The report's SIGNING_KEY field must name the kind of key the leaf holds. */
    private static void checkSigner(Report r, boolean haveLeaf, boolean vlek, Findings f) {
        int key = ReportStructure.signingKey(r);
        if (key == ReportStructure.SIGNING_KEY_NONE) {
            f.refuse(ReasonCode.SIGNING_KEY_MISMATCH, "SIGNING_KEY says the report is not signed");
        } else if (haveLeaf
                && ((key == ReportStructure.SIGNING_KEY_VCEK && vlek)
                        || (key == ReportStructure.SIGNING_KEY_VLEK && !vlek))) {
            f.refuse(
                    ReasonCode.SIGNING_KEY_MISMATCH,
                    "report names the " + (vlek ? "VCEK" : "VLEK") + " but the leaf is a " + (vlek ? "VLEK" : "VCEK"));
        }
    }

    private static void checkSignature(Report r, Optional<ECPublicKeyParameters> key, Findings f) {
        // An unknown algorithm or stray high bytes in r or s were already refused; such a signature is not
        // interpreted at all.
        if (f.has(ReasonCode.UNSUPPORTED_SIGNATURE_ALGORITHM) || f.has(ReasonCode.SIGNATURE_OUT_OF_RANGE)) {
            return;
        }
        if (!ReportSignature.inRange(r, f) || key.isEmpty()) {
            return;
        }
        if (!ReportSignature.verify(r, key.get())) {
            f.refuse(ReasonCode.SIGNATURE_INVALID, "ECDSA P-384 signature over [0, 0x2A0) does not verify");
        }
    }

    private static Verdict verdict(
            Findings f, Optional<Report> report, Optional<SnpProduct> product, String key, byte[] chip) {
        String productName = product.map(SnpProduct::displayName).orElse("");
        if (report.isEmpty()) {
            return new Verdict(
                    false,
                    f.reasons(),
                    f.details(),
                    productName,
                    -1,
                    "",
                    "",
                    -1,
                    Optional.empty(),
                    "",
                    "",
                    0,
                    false,
                    key);
        }
        Report r = report.get();
        byte[] tcb = r.slice(Report.REPORTED_TCB, TcbVersion.SIZE);
        return new Verdict(
                f.isEmpty(),
                f.reasons(),
                f.details(),
                productName,
                r.version(),
                Hex.toHexString(r.slice(Report.MEASUREMENT, Report.MEASUREMENT_SIZE)),
                Hex.toHexString(r.slice(Report.REPORT_DATA, Report.REPORT_DATA_SIZE)),
                r.vmpl(),
                product.map(p -> TcbVersion.fromBytes(p, tcb)),
                Hex.toHexString(tcb),
                Hex.toHexString(chip),
                r.policy(),
                (r.policy() & Report.POLICY_DEBUG) != 0,
                key);
    }

    private static void guard(Findings f, ReasonCode onFailure, Runnable stage) {
        try {
            stage.run();
        } catch (RuntimeException e) {
            f.refuse(
                    onFailure,
                    "check failed on malformed input (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static <T> Optional<T> guarded(Findings f, ReasonCode onFailure, Supplier<Optional<T>> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            f.refuse(
                    onFailure,
                    "check failed on malformed input (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }
}
