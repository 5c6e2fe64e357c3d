package org.depa.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * Builds leaf (VCEK or VLEK) -> intermediate (ASK or ASVK) -> root (ARK) by issuer name and key, from the given
 * certificates in any order and then AMD's bundled ones, and validates it: every link signed with RSASSA-PSS
 * SHA-384, names chained, CA constraints, validity at the verification time, the root a trust anchor for the
 * leaf's product, and revocation when a CRL for that root was supplied.
 */
final class ChainValidator {
    // Bound on remembered links; when reached the memory starts over, so hostile input cannot grow it.
    private static final int MAX_REMEMBERED = 4096;
    // Above any AMD bundle (VCEK, VLEK, ASK, ASVK, ARK of three products); bounds path building on hostile input.
    static final int MAX_SUPPLIED = 16;

    private final TrustAnchors anchors;
    private final List<Crl> crls;
    // (SHA-256 of subject DER, SHA-256 of issuer DER) pairs whose link fully checked out. The result depends on
    // those bytes alone, and RSA-4096 PSS checks otherwise dominate the cost of verifying a report.
    private final Set<String> verifiedLinks = ConcurrentHashMap.newKeySet();

    // AMD's ASK, ASVK and ARK of every product: the issuers tried after the supplied certificates.
    private final List<ParsedCertificate> amdBundled = new ArrayList<>();

    ChainValidator(TrustAnchors anchors, List<Crl> crls) {
        this.anchors = anchors;
        this.crls = List.copyOf(crls);
        for (SnpProduct p : SnpProduct.values()) {
            amdBundled.add(bundled(TrustAnchors.amdAsk(p)));
            amdBundled.add(bundled(TrustAnchors.amdAsvk(p)));
            amdBundled.add(bundled(TrustAnchors.amdArk(p)));
        }
    }

    /**
     * Builds leaf -> intermediate -> root by issuer name and key, from {@code supplied} in any order (extra and
     * duplicate certificates are passed over), then from AMD's bundled ASKs, ASVKs and ARKs, and checks that path.
     *
     * @param leaf the VCEK or VLEK
     * @param supplied every certificate given, the leaf among them or not
     * @param vlek whether the leaf is a VLEK (its intermediate is the ASVK)
     * @param product the product named by the leaf's productName, if known
     */
    void validate(
            ParsedCertificate leaf,
            List<ParsedCertificate> supplied,
            boolean vlek,
            Optional<SnpProduct> product,
            Instant now,
            Findings f) {
        if (supplied.size() > MAX_SUPPLIED) {
            f.refuse(ReasonCode.CHAIN_INVALID, supplied.size() + " certificates given, at most " + MAX_SUPPLIED);
            return;
        }
        List<ParsedCertificate> intermediates = issuers(leaf, supplied);
        if (intermediates.isEmpty()) {
            f.refuse(
                    ReasonCode.MISSING_CERTIFICATE,
                    "no " + (vlek ? "ASVK" : "ASK") + " named '" + ParsedCertificate.commonName(leaf.issuer())
                            + "' given or bundled");
            return;
        }
        // The first intermediate that signed the leaf and is signed by a trusted root that signed itself; failing
        // that, the best candidates, whose failing links are then reported.
        for (ParsedCertificate intermediate : intermediates) {
            if (!signs(intermediate, leaf)) {
                break;
            }
            for (ParsedCertificate root : issuers(intermediate, supplied)) {
                if (signs(root, intermediate)
                        && signs(root, root)
                        && anchors.identify(root.der()).isPresent()) {
                    check(leaf, intermediate, root, vlek, product, now, f);
                    return;
                }
            }
        }
        ParsedCertificate intermediate = intermediates.get(0);
        List<ParsedCertificate> roots = issuers(intermediate, supplied);
        if (roots.isEmpty()) {
            f.refuse(
                    ReasonCode.MISSING_CERTIFICATE,
                    "no ARK named '" + ParsedCertificate.commonName(intermediate.issuer()) + "' given or bundled");
            return;
        }
        check(leaf, intermediate, roots.get(0), vlek, product, now, f);
    }

    /**
     * The certificates named as {@code subject}'s issuer, those whose key verifies its signature first, given ones
     * before AMD's bundled ones within each group.
     */
    private List<ParsedCertificate> issuers(ParsedCertificate subject, List<ParsedCertificate> supplied) {
        List<ParsedCertificate> signing = new ArrayList<>();
        List<ParsedCertificate> namedOnly = new ArrayList<>();
        for (List<ParsedCertificate> pool : List.of(supplied, amdBundled)) {
            for (ParsedCertificate c : pool) {
                if (c.subject().equals(subject.issuer())) {
                    (signs(c, subject) ? signing : namedOnly).add(c);
                }
            }
        }
        signing.addAll(namedOnly);
        return signing;
    }

    /** Whether {@code issuer} issued and signed {@code subject}; remembered once it did. */
    private boolean signs(ParsedCertificate issuer, ParsedCertificate subject) {
        String key = TrustAnchors.sha256Hex(subject.der()) + TrustAnchors.sha256Hex(issuer.der());
        if (verifiedLinks.contains(key)) {
            return true;
        }
        Findings local = new Findings();
        checkLink(subject, issuer, "link", local);
        if (!local.isEmpty()) {
            return false;
        }
        if (verifiedLinks.size() >= MAX_REMEMBERED) {
            verifiedLinks.clear();
        }
        verifiedLinks.add(key);
        return true;
    }

    private void check(
            ParsedCertificate leaf,
            ParsedCertificate intermediateCert,
            ParsedCertificate rootCert,
            boolean vlek,
            Optional<SnpProduct> product,
            Instant now,
            Findings f) {
        Optional<ParsedCertificate> intermediate = Optional.of(intermediateCert);
        Optional<ParsedCertificate> root = Optional.of(rootCert);
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

    /** {@code subject} must be issued and signed by {@code issuer}; the reasons if not. */
    private void link(ParsedCertificate subject, ParsedCertificate issuer, String what, Findings f) {
        if (!signs(issuer, subject)) {
            checkLink(subject, issuer, what, f);
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
