package org.depa.data.endpoint;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.X509TrustManager;
import org.depa.ledger.model.Hashes;

/**
 * Trusts one server certificate, named by its SHA-256: the pin a TDP registered with its data
 * location. Any other certificate (another key, a re-issued one, one signed by a CA the host
 * trusts) is refused, and so is the pinned one outside its validity. Never a client's trust.
 */
final class PinnedServer implements X509TrustManager {
    private final String sha256;

    PinnedServer(String sha256) {
        this.sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the endpoint presented no certificate");
        }
        String got;
        try {
            got = Hashes.sha256Hex(chain[0].getEncoded());
        } catch (CertificateEncodingException e) {
            throw new CertificateException("the endpoint's certificate cannot be encoded", e);
        }
        if (!got.equals(sha256)) {
            throw new CertificateException("the endpoint's certificate has SHA-256 " + got
                    + ", not the one registered with the data location (" + sha256 + ")");
        }
        chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a pinned server certificate is no client's trust");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
