package org.depa.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.depa.data.endpoint.Tls;

/**
 * The owner's mutual TLS to its own bridge, from PEM files, for {@code depa kms key-status} and {@code depa kms
 * import-key --bridge}: the organisation's TLS CA as the only trust, the party's own client certificate and key. Any
 * file that is missing, too large or not the PEM it should be is a usage error (exit 2) naming the option and the
 * file; the key's content never in a message.
 */
final class KmsOwnerTls {
    private static final long MAX_PEM_BYTES = 1 << 20;

    private KmsOwnerTls() {}

    /** The bridge's https URL without a fragment (a pin is the clean room's trust, not the owner's). */
    static URI bridge(URI bridge, String option) {
        if (bridge == null || !"https".equals(bridge.getScheme()) || bridge.getRawFragment() != null) {
            throw new UsageError(option + " must be the bridge's https URL without a #fragment, was " + bridge);
        }
        return bridge;
    }

    static SSLContext context(String caOption, Path ca, String certOption, Path cert, String keyOption, Path key) {
        List<X509Certificate> trust = certificates(caOption, ca);
        List<X509Certificate> chain = certificates(certOption, cert);
        PrivateKey privateKey;
        try {
            privateKey = Tls.privateKey(read(keyOption, key));
        } catch (RuntimeException e) {
            if (e instanceof UsageError u) {
                throw u;
            }
            // Tls's messages name the expected form, never the key.
            throw new UsageError(keyOption + " " + key + " is not a PEM PKCS#8 private key: " + plain(e));
        }
        try {
            return Tls.context(trust, privateKey, chain);
        } catch (RuntimeException e) {
            throw new UsageError(certOption + " " + cert + " and " + keyOption + " " + key
                    + " do not make a TLS client identity: " + plain(e));
        }
    }

    private static List<X509Certificate> certificates(String option, Path file) {
        String pem = read(option, file);
        try {
            return Tls.certificates(pem);
        } catch (RuntimeException e) {
            throw new UsageError(option + " " + file + " is not a PEM certificate file: " + plain(e));
        }
    }

    /** The reason in words: the JDK's messages carry the class names of their causes, not for people. */
    private static String plain(RuntimeException e) {
        String m = e.getMessage() == null ? "unreadable" : e.getMessage();
        return m.replaceAll("([a-z]+\\.)+[A-Za-z]*Exception: ", "").replace("Exception", "error");
    }

    private static String read(String option, Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PEM_BYTES) {
                throw new UsageError(option + " " + file + " is not a readable PEM file of at most 1 MiB");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UsageError(option + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
