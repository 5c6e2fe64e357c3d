package org.depa.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text of certificates and keys, and the files that hold it. Private keys are written readable
 * by their owner only, since tests and the demo put them next to other people's files.
 */
public final class PemText {
    private PemText() {}

    /** A certificate, public key or other object BouncyCastle's PEM writer knows. */
    public static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** PKCS#8 ("PRIVATE KEY"), not the traditional SEC1 form: it names the curve, which every parser needs. */
    public static String encodePrivateKey(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static X509Certificate parseCertificate(String pem) {
        try {
            return new JcaX509CertificateConverter().getCertificate(parse(pem, X509CertificateHolder.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable certificate", e);
        }
    }

    public static PrivateKey parsePrivateKey(String pem) {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(parse(pem, PrivateKeyInfo.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a usable private key", e);
        }
    }

    /** Writes public material (certificates): readable by anyone, as a CA's certificate is. */
    public static Path write(Path file, String pem) {
        try {
            Files.writeString(file, pem, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a private key: the file is readable and writable by its owner only. */
    public static Path writeSecret(Path file, String pem) {
        write(file, pem);
        ownerOnly(file);
        return file;
    }

    /** Restricts {@code file} to its owner, where the file system has POSIX permissions. */
    static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection is all there is.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(String pem, Class<T> type) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            if (!type.isInstance(parsed)) {
                throw new IllegalArgumentException("expected PEM holding " + type.getSimpleName() + ", got "
                        + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
            }
            return type.cast(parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
