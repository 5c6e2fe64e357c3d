package org.depa.attestation.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.depa.attestation.SnpProduct;

/**
 * The emulated ARK and ASK of one product. RSA-2048 rather than AMD's 4096 bits keeps key generation fast in
 * tests; the algorithm (RSASSA-PSS SHA-384, salt 48) is AMD's.
 */
final class Authority {
    private static final int RSA_BITS = 2048;

    final SnpProduct product;
    final X509Certificate ark;
    final X509Certificate ask;
    private final RSAKeyParameters arkKey;
    private final RSAKeyParameters askKey;
    private final X500Name arkName;
    private final X500Name askName;
    private final BigInteger serialBase;
    private final SecureRandom random;
    // The ASVK (intermediate for VLEKs) is made on first use: most tests never need the extra RSA key.
    private Intermediate asvk;

    /** An intermediate certificate and its signing key. */
    record Intermediate(X509Certificate cert, RSAKeyParameters key, X500Name name) {}

    private Authority(SnpProduct product, SecureRandom random) throws IOException {
        this.product = product;
        this.random = random;
        AsymmetricCipherKeyPair arkPair = rsa(random);
        AsymmetricCipherKeyPair askPair = rsa(random);
        this.arkKey = (RSAKeyParameters) arkPair.getPrivate();
        this.askKey = (RSAKeyParameters) askPair.getPrivate();
        this.arkName = name("ARK-" + product.displayName());
        this.askName = name("SEV-" + product.displayName());
        // Serials in AMD's style: product line in the high half (Milan 1, Genoa 2, Turin 3), 0 for ARK, 1 for ASK.
        int line =
                switch (product) {
                    case MILAN -> 1;
                    case GENOA -> 2;
                    case TURIN -> 3;
                };
        this.serialBase = BigInteger.valueOf((long) line << 16);
        this.ark = ca(arkName, arkName, serialBase, arkPair.getPublic(), arkKey, -1);
        this.ask = ca(askName, arkName, serialBase.add(BigInteger.ONE), askPair.getPublic(), arkKey, 0);
    }

    /** The ASVK, AMD's intermediate for VLEKs, named "SEV-VLEK-{product}" and signed by the ARK. */
    synchronized Intermediate asvk() {
        if (asvk == null) {
            AsymmetricCipherKeyPair pair = rsa(random);
            X500Name name = name("SEV-VLEK-" + product.displayName());
            try {
                X509Certificate cert = ca(name, arkName, serialBase.add(BigInteger.TWO), pair.getPublic(), arkKey, 0);
                asvk = new Intermediate(cert, (RSAKeyParameters) pair.getPrivate(), name);
            } catch (IOException e) {
                throw new IllegalStateException("cannot build emulated ASVK", e);
            }
        }
        return asvk;
    }

    static Authority create(SnpProduct product, SecureRandom random) {
        try {
            return new Authority(product, random);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build emulated AMD certificates", e);
        }
    }

    /** Issues a leaf certificate signed by the ASK (a VCEK) or by the ASVK (a VLEK). */
    X509Certificate issueLeaf(X509v3CertificateBuilder builder, boolean vlek) {
        return toJdk(builder.build(new PssSigner(vlek ? asvk().key() : askKey)));
    }

    X500Name askName() {
        return askName;
    }

    X509CRL crl(Instant thisUpdate, Instant nextUpdate, List<BigInteger> revoked) {
        X509v2CRLBuilder b = new X509v2CRLBuilder(arkName, Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revoked) {
            b.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        try {
            byte[] der = b.build(new PssSigner(arkKey)).getEncoded();
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (IOException | CertificateException | CRLException e) {
            throw new IllegalStateException("cannot build emulated CRL", e);
        }
    }

    /** AMD's name layout, with an organisation that says plainly this is not AMD. */
    static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, "Engineering")
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.O, "depa-ledger SNP emulator (not AMD)")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static SubjectPublicKeyInfo spki(AsymmetricKeyParameter key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode public key", e);
        }
    }

    static X509Certificate toJdk(X509CertificateHolder holder) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot convert certificate", e);
        }
    }

    private static X509Certificate ca(
            X500Name subject,
            X500Name issuer,
            BigInteger serial,
            AsymmetricKeyParameter publicKey,
            RSAKeyParameters signer,
            int pathLength)
            throws IOException {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                issuer,
                serial,
                Date.from(SnpEmulator.DEFAULT_NOT_BEFORE),
                Date.from(SnpEmulator.DEFAULT_NOT_AFTER),
                subject,
                spki(publicKey));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(
                Extension.basicConstraints,
                true,
                pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        return toJdk(b.build(new PssSigner(signer)));
    }

    /**
     * The JDK's generator rather than BouncyCastle's: several times faster for RSA-2048, which matters when each
     * test class builds emulators. The key is only converted to BouncyCastle's parameters.
     */
    private static AsymmetricCipherKeyPair rsa(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
            KeyPair pair = g.generateKeyPair();
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
            RSAPrivateCrtKeyParameters priv = new RSAPrivateCrtKeyParameters(
                    k.getModulus(),
                    k.getPublicExponent(),
                    k.getPrivateExponent(),
                    k.getPrimeP(),
                    k.getPrimeQ(),
                    k.getPrimeExponentP(),
                    k.getPrimeExponentQ(),
                    k.getCrtCoefficient());
            return new AsymmetricCipherKeyPair(
                    new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent()), priv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }
}
