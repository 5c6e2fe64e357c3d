package org.depa.kms.bridge.service;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.depa.attestation.CertificateLoader;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Hashes;
import org.eclipse.microprofile.config.Config;

/**
 * Who may use the bridge's administrative routes: exactly one client, the bridge's own party (the key owner), by
 * its TLS client certificate. Two checks, both required: the certificate chains to the organisation's TLS CA and is
 * inside its validity now (PKIX, no revocation lists in this deployment), and it is the owner's very certificate
 * (its SHA-256), so a colleague of the same organisation with a valid certificate of its own is still refused.
 * Configured with {@value #OWNER} and {@value #CA}; without either the routes answer no one (fail closed).
 */
final class OwnerGate {
    static final String OWNER = "depa.kms.admin.owner-certificate";
    static final String CA = "depa.kms.admin.organisation-ca";

    private final Optional<X509Certificate> ca;
    private final Optional<X509Certificate> owner;
    private final Clock clock;

    OwnerGate(Optional<X509Certificate> ca, Optional<X509Certificate> owner, Clock clock) {
        this.ca = ca;
        this.owner = owner;
        this.clock = clock;
    }

    static OwnerGate from(Config config, Clock clock) {
        return new OwnerGate(
                config.getOptionalValue(CA, Path.class).map(p -> first(CA, p)),
                config.getOptionalValue(OWNER, Path.class).map(p -> first(OWNER, p)),
                clock);
    }

    private static X509Certificate first(String setting, Path pem) {
        try {
            List<X509Certificate> certs = CertificateLoader.load(pem);
            if (certs.isEmpty()) {
                throw new IllegalStateException(setting + ": " + pem + " holds no certificate");
            }
            return certs.get(0);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(setting + ": cannot read " + pem + ": " + e.getMessage(), e);
        }
    }

    /** Whether the routes can admit anyone: both settings present. */
    boolean configured() {
        return ca.isPresent() && owner.isPresent();
    }

    /**
     * Admits {@code presented} (the TLS peer chain, the client's certificate first; empty for none) or refuses it
     * naming why.
     */
    void admit(List<X509Certificate> presented) throws RefusalException {
        if (!configured()) {
            throw RefusalException.of(
                    RefusalCode.ADMIN_NOT_CONFIGURED,
                    "this bridge was started without " + (owner.isEmpty() ? OWNER : CA)
                            + ": its administrative routes admit no one");
        }
        if (presented.isEmpty()) {
            throw RefusalException.of(
                    RefusalCode.NO_CLIENT_CERTIFICATE,
                    "administrative routes need the key owner's TLS client certificate; none was presented");
        }
        X509Certificate client = presented.get(0);
        String subject = client.getSubjectX500Principal().getName();
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.get(), null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            List<X509Certificate> path = new ArrayList<>(presented);
            // The anchor itself is not part of the path PKIX validates.
            path.removeIf(c -> c.equals(ca.get()));
            if (path.isEmpty()) {
                throw new CertPathValidatorException("the organisation CA's own certificate is no client's");
            }
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw RefusalException.of(
                    RefusalCode.CLIENT_NOT_TRUSTED,
                    "the client certificate '" + subject + "' is not a valid certificate of this bridge's"
                            + " organisation CA '"
                            + ca.get().getSubjectX500Principal().getName() + "': "
                            + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw RefusalException.of(
                    RefusalCode.CLIENT_NOT_TRUSTED, "the client certificate cannot be checked: " + e.getMessage());
        }
        if (!Arrays.equals(der(client), der(owner.get()))) {
            throw RefusalException.of(
                    RefusalCode.NOT_THE_KEY_OWNER,
                    "the client certificate '" + subject + "' (sha256 " + sha256(client)
                            + ") is not the key owner's ('"
                            + owner.get().getSubjectX500Principal().getName()
                            + "', sha256 " + sha256(owner.get()) + "): only the bridge's own party administers it");
        }
    }

    /** The owner certificate's SHA-256, for the log at start. */
    Optional<String> ownerSha256() {
        return owner.map(OwnerGate::sha256);
    }

    private static byte[] der(X509Certificate c) throws RefusalException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw RefusalException.of(RefusalCode.CLIENT_NOT_TRUSTED, "the client certificate does not encode");
        }
    }

    private static String sha256(X509Certificate c) {
        try {
            return Hashes.sha256Hex(c.getEncoded());
        } catch (CertificateEncodingException e) {
            return "?";
        }
    }
}
