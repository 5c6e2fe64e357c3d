package org.depa.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * Validates leaf (VCEK or VLEK) -> intermediate (ASK or ASVK) -> root (ARK): every link signed with RSASSA-PSS
 * SHA-384, names chained, CA constraints, validity at the verification time, the root a trust anchor for the
 * leaf's product, and revocation when a CRL for that root was supplied.
 */
final class ChainValidator {
    // Bound on remembered links; when reached the memory starts over, so hostile input cannot grow it.
    private static final int MAX_REMEMBERED = 4096;

    private final TrustAnchors anchors;
    private final List<Crl> crls;
    // (SHA-256 of subject DER, SHA-256 of issuer DER) pairs whose link fully checked out. The result depends on
    // those bytes alone, and RSA-4096 PSS checks otherwise dominate the cost of verifying a report.
    private final Set<String> verifiedLinks = ConcurrentHashMap.newKeySet();

    private final Map<SnpProduct, ParsedCertificate> amdAsks = new EnumMap<>(SnpProduct.class);
    private final Map<SnpProduct, ParsedCertificate> amdArks = new EnumMap<>(SnpProduct.class);

    ChainValidator(TrustAnchors anchors, List<Crl> crls) {
        this.anchors = anchors;
        this.crls = List.copyOf(crls);
        for (SnpProduct p : SnpProduct.values()) {
            amdAsks.put(p, bundled(TrustAnchors.amdAsk(p)));
            amdArks.put(p, bundled(TrustAnchors.amdArk(p)));
        }
    }

    /**
     * @param chain the supplied certificates, leaf first; the intermediate and root may be left out for a VCEK
     *     of a known product, in which case AMD's bundled ones are used
     * @param vlek whether the leaf is a VLEK (its intermediate is the ASVK, which is not bundled)
     * @param product the product named by the leaf's productName, if known
     */
    void validate(List<ParsedCertificate> chain, boolean vlek, Optional<SnpProduct> product, Instant now, Findings f) {
        if (chain.size() > 3) {
            f.refuse(ReasonCode.CHAIN_INVALID, "more certificates than leaf, intermediate and root");
            return;
        }
        ParsedCertificate leaf = chain.get(0);
        Optional<ParsedCertificate> intermediate = chain.size() >= 2
                ? Optional.of(chain.get(1))
                : product.filter(p -> !vlek).map(amdAsks::get);
        Optional<ParsedCertificate> root = chain.size() >= 3 ? Optional.of(chain.get(2)) : product.map(amdArks::get);
        if (intermediate.isEmpty() || root.isEmpty()) {
            f.refuse(
                    ReasonCode.MISSING_CERTIFICATE,
                    "no " + (vlek ? "ASVK" : "ASK") + " or ARK given, and none bundled for this leaf");
            return;
        }
        Optional<TrustAnchors.Anchor> anchor = anchors.identify(root.get().der());
        if (anchor.isEmpty()) {
            f.refuse(ReasonCode.UNKNOWN_ROOT, "root '" + root.get().subjectCommonName() + "' is not a trusted ARK");
        } else if (product.isPresent() && anchor.get().product() != product.get()) {
            f.refuse(
                    ReasonCode.PRODUCT_MISMATCH,
                    "chain ends in the " + anchor.get().product().displayName() + " root but productName says "
                            + product.get().displayName());
        }
        Optional<SnpProduct> named = product.or(() -> anchor.map(TrustAnchors.Anchor::product));
        link(root.get(), root.get(), "ARK self-signature", f);
        link(intermediate.get(), root.get(), "intermediate by ARK", f);
        link(leaf, intermediate.get(), "leaf by intermediate", f);
        named.ifPresent(p -> {
            checkName(root.get(), "ARK-" + p.displayName(), "ARK-", f);
            String prefix = vlek ? "SEV-VLEK-" : "SEV-";
            checkName(intermediate.get(), prefix + p.displayName(), prefix, f);
        });
        checkCa(root.get(), "ARK", f);
        checkCa(intermediate.get(), "intermediate", f);
        checkNotCa(leaf, f);
        for (ParsedCertificate c : List.of(leaf, intermediate.get(), root.get())) {
            if (now.isBefore(c.notBefore()) || now.isAfter(c.notAfter())) {
                f.refuse(
                        ReasonCode.CERTIFICATE_EXPIRED,
                        "'" + c.subjectCommonName() + "' is valid " + c.notBefore() + " to " + c.notAfter()
                                + ", not at " + now);
            }
        }
        if (anchor.isPresent()) {
            checkRevocation(leaf, intermediate.get(), root.get(), now, f);
        }
    }

    private static ParsedCertificate bundled(byte[] der) {
        try {
            return ParsedCertificate.parse(der);
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("bundled AMD certificate does not parse", e);
        }
    }

    /** {@code subject} must be issued and signed by {@code issuer}; remembered once it is. */
    private void link(ParsedCertificate subject, ParsedCertificate issuer, String what, Findings f) {
        String key = TrustAnchors.sha256Hex(subject.der()) + TrustAnchors.sha256Hex(issuer.der());
        if (verifiedLinks.contains(key)) {
            return;
        }
        Findings local = new Findings();
        checkLink(subject, issuer, what, local);
        if (local.isEmpty()) {
            if (verifiedLinks.size() >= MAX_REMEMBERED) {
                verifiedLinks.clear();
            }
            verifiedLinks.add(key);
        } else {
            f.addAll(local);
        }
    }

    private static void checkLink(ParsedCertificate subject, ParsedCertificate issuer, String what, Findings f) {
        if (!subject.issuer().equals(issuer.subject())) {
            f.refuse(ReasonCode.CHAIN_INVALID, what + ": issuer name does not match");
            return;
        }
        if (!PssSha384.isExpected(subject.signatureAlgorithm())) {
            f.refuse(ReasonCode.CHAIN_INVALID, what + ": not RSASSA-PSS SHA-384 / MGF1-SHA-384 / salt 48");
            return;
        }
        Optional<RSAKeyParameters> key = PssSha384.rsaKey(issuer.publicKeyInfo());
        if (key.isEmpty()) {
            f.refuse(ReasonCode.CHAIN_INVALID, what + ": signer key is not RSA of at least 2048 bits");
            return;
        }
        byte[] tbs;
        try {
            tbs = subject.tbsDer();
        } catch (IOException e) {
            f.refuse(ReasonCode.MALFORMED_CERTIFICATE, what + ": cannot encode the signed part");
            return;
        }
        if (!PssSha384.verify(key.get(), tbs, subject.signature())) {
            f.refuse(ReasonCode.CHAIN_INVALID, what + ": signature does not verify");
        }
    }

    private static void checkName(ParsedCertificate c, String expected, String prefix, Findings f) {
        String cn = c.subjectCommonName();
        if (cn.equals(expected)) {
            return;
        }
        boolean otherProduct = cn.startsWith(prefix)
                && SnpProduct.fromDisplayName(cn.substring(prefix.length())).isPresent();
        f.refuse(
                otherProduct ? ReasonCode.PRODUCT_MISMATCH : ReasonCode.CHAIN_INVALID,
                "certificate named '" + cn + "' where '" + expected + "' belongs");
    }

    private static void checkCa(ParsedCertificate c, String role, Findings f) {
        Optional<BasicConstraints> bc =
                c.extension(Extension.basicConstraints).map(e -> BasicConstraints.getInstance(e.getParsedValue()));
        if (bc.isEmpty() || !bc.get().isCA()) {
            f.refuse(ReasonCode.CHAIN_INVALID, role + " is not a CA certificate");
        }
        Optional<KeyUsage> ku = c.extension(Extension.keyUsage).map(e -> KeyUsage.getInstance(e.getParsedValue()));
        if (ku.isPresent() && !ku.get().hasUsages(KeyUsage.keyCertSign)) {
            f.refuse(ReasonCode.CHAIN_INVALID, role + " may not sign certificates");
        }
    }

    private static void checkNotCa(ParsedCertificate leaf, Findings f) {
        Optional<BasicConstraints> bc =
                leaf.extension(Extension.basicConstraints).map(e -> BasicConstraints.getInstance(e.getParsedValue()));
        if (bc.isPresent() && bc.get().isCA()) {
            f.refuse(ReasonCode.CHAIN_INVALID, "leaf is a CA certificate");
        }
    }

    private void checkRevocation(
            ParsedCertificate leaf, ParsedCertificate intermediate, ParsedCertificate root, Instant now, Findings f) {
        for (Crl crl : crls) {
            if (!crl.issuer().equals(root.subject())) {
                continue; // another product's CRL
            }
            Optional<String> problem = crl.problem(root, now);
            if (problem.isPresent()) {
                f.refuse(ReasonCode.CRL_INVALID, problem.get());
                continue;
            }
            for (BigInteger serial : List.of(intermediate.serial(), leaf.serial())) {
                if (crl.lists(serial)) {
                    f.refuse(ReasonCode.REVOKED, "serial " + serial.toString(16) + " is on the CRL");
                }
            }
        }
    }
}
