package org.depa.attestation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * Picks the leaf among the given certificates, wherever it is in the list: the key the report's SIGNING_KEY names
 * (SEV-VCEK for 0, SEV-VLEK for 1), and among several such the one whose key verifies the report. Failing that any
 * VCEK or VLEK, then any certificate that is not a CA, whose checks then say what is wrong. None when every
 * certificate given is a CA: there is no leaf to check the report against.
 */
final class LeafChoice {
    static final String VCEK_NAME = "SEV-VCEK";
    static final String VLEK_NAME = "SEV-VLEK";

    private LeafChoice() {}

    static Optional<ParsedCertificate> choose(List<ParsedCertificate> certs, Optional<Report> report) {
        if (certs.isEmpty()) {
            return Optional.empty();
        }
        String wanted = report.map(ReportStructure::signingKey)
                        .filter(k -> k == ReportStructure.SIGNING_KEY_VLEK)
                        .isPresent()
                ? VLEK_NAME
                : VCEK_NAME;
        List<ParsedCertificate> named = leaves(certs, wanted);
        if (named.isEmpty()) {
            named = leaves(certs, wanted.equals(VCEK_NAME) ? VLEK_NAME : VCEK_NAME);
        }
        if (!named.isEmpty()) {
            if (named.size() > 1 && report.isPresent()) {
                for (ParsedCertificate c : named) {
                    if (verifiesReport(c, report.get())) {
                        return Optional.of(c);
                    }
                }
            }
            return Optional.of(named.get(0));
        }
        return certs.stream().filter(c -> !isCa(c)).findFirst();
    }

    private static List<ParsedCertificate> leaves(List<ParsedCertificate> certs, String name) {
        List<ParsedCertificate> out = new ArrayList<>();
        for (ParsedCertificate c : certs) {
            if (name.equals(c.subjectCommonName()) && !isCa(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean verifiesReport(ParsedCertificate c, Report r) {
        Optional<ECPublicKeyParameters> key = LeafKey.p384(c);
        try {
            return key.isPresent() && ReportSignature.verify(r, key.get());
        } catch (RuntimeException e) {
            return false; // an undecodable signature picks no leaf; it is refused later
        }
    }

    static boolean isCa(ParsedCertificate c) {
        try {
            return c.extension(Extension.basicConstraints)
                    .map(e -> BasicConstraints.getInstance(e.getParsedValue()).isCA())
                    .orElse(false);
        } catch (RuntimeException e) {
            return false; // a malformed extension is refused by the chain checks
        }
    }
}
