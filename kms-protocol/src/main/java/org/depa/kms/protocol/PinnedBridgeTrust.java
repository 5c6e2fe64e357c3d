package org.depa.kms.protocol;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.depa.ledger.model.Hashes;

/**
 * Trusts exactly one server certificate, the one a bridge's address pins ({@link BridgeAddress}), and only inside
 * its validity: another key, a re-issued certificate or one from a CA the host trusts is refused, so a process that
 * took the bridge's loopback port cannot pose as the bridge. Never a client's trust.
 */
final class PinnedBridgeTrust implements X509TrustManager {
    private final String base;
    private final String sha256;

    PinnedBridgeTrust(String base, String sha256) {
        this.base = base;
        this.sha256 = sha256;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the bridge at " + base + " presented no certificate");
        }
        String got;
        try {
            got = Hashes.sha256Hex(chain[0].getEncoded());
        } catch (CertificateEncodingException e) {
            throw new CertificateException(
                    "the bridge at " + base + " presented a certificate that does not encode", e);
        }
        if (!got.equals(sha256)) {
            throw new CertificateException("the server at " + base + " is not the bridge its address pins: its"
                    + " certificate has SHA-256 " + got + ", the address pins " + sha256);
        }
        chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a pinned bridge certificate is no client's trust");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
