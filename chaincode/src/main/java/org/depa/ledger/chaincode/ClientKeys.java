package org.depa.ledger.chaincode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;

/**
 * The client identity a participant is bound to: the SHA-256 of its client certificate's public
 * key. The key, not the certificate, so the organisation's CA may renew the certificate; a new
 * key is a new identity, bound only by the SRO.
 */
final class ClientKeys {
    private static final int MAX_PEM = 8192;

    private ClientKeys() {}

    static String sha256(X509Certificate certificate) {
        return Hashes.sha256Hex(certificate.getPublicKey().getEncoded());
    }

    /** The key hash of a PEM client certificate named in a request. */
    static String sha256(String field, String pem) {
        Fields.text(field, pem, MAX_PEM);
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            X509Certificate c = (X509Certificate)
                    f.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return sha256(c);
        } catch (CertificateException | RuntimeException e) {
            throw new LedgerRuleException(
                    ErrorCode.INVALID_CERTIFICATE, "field '" + field + "' is not a PEM X.509 certificate");
        }
    }
}
