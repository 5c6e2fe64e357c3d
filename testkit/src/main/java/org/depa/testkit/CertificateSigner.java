package org.depa.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The one place where testkit builds an X.509 certificate (BouncyCastle), for the CA and the self-signed kind. */
final class CertificateSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a certificate is for; decides its extensions. */
    enum Profile {
        /** A CA: may sign certificates, nothing else. */
        AUTHORITY,
        /** A participant's signing certificate issued by a CA; also good as a TLS client certificate. */
        PARTICIPANT,
        TLS_CLIENT,
        TLS_SERVER,
        /**
         * No extensions at all, as the ledger's own {@code Credentials} makes them: what the quick
         * start, the demo and most ledger tests register.
         */
        BARE
    }

    private CertificateSigner() {}

    /** The subject name {@code CN=commonName}, built attribute by attribute so no character needs escaping. */
    static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static X509Certificate sign(
            X500Name subject,
            PublicKey subjectKey,
            X500Name issuer,
            PrivateKey issuerKey,
            KeyType issuerKeyType,
            Validity validity,
            Profile profile,
            List<String> hosts) {
        // Random positive 64-bit serials: two certificates of one CA never share a serial, which TLS
        // stacks and PKCS#12 tools would otherwise treat as the same certificate.
        BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer, serial, Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, subjectKey);
        try {
            switch (profile) {
                case AUTHORITY -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case PARTICIPANT -> endEntity(builder, subjectKey, null);
                case TLS_CLIENT -> endEntity(builder, subjectKey, KeyPurposeId.id_kp_clientAuth);
                case TLS_SERVER -> {
                    endEntity(builder, subjectKey, KeyPurposeId.id_kp_serverAuth);
                    builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
                }
                case BARE -> {}
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder(issuerKeyType.signatureAlgorithm()).build(issuerKey)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a " + profile + " certificate for " + subject, e);
        }
    }

    /**
     * A Fabric client (enrolment) certificate as cryptogen's CA would issue it: subject
     * {@code OU=client, CN=commonName} (the MSP's NodeOU that makes it a client), digital
     * signature only, not a CA, its authority key identifier the issuing CA's subject key identifier
     * (which is how Fabric's MSP, in Go, picks the issuer when it builds the chain).
     */
    static X509Certificate fabricClient(
            String commonName,
            PublicKey subjectKey,
            X509Certificate issuer,
            PrivateKey issuerKey,
            KeyType issuerKeyType,
            Validity validity) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, "client")
                .addRDN(BCStyle.CN, commonName)
                .build();
        BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                serial,
                Date.from(validity.notBefore()),
                Date.from(validity.notAfter()),
                subject,
                subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder(issuerKeyType.signatureAlgorithm()).build(issuerKey)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a Fabric client certificate for " + commonName, e);
        }
    }

    private static void endEntity(JcaX509v3CertificateBuilder builder, PublicKey key, KeyPurposeId purpose)
            throws IOException {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        // RSA keys also encipher in TLS 1.2's RSA key exchange; EC and EdDSA keys only sign.
        int usage = "RSA".equals(key.getAlgorithm())
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        if (purpose != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
    }

    private static GeneralNames alternativeNames(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a TLS server certificate needs at least one host name or address");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            // Clients match an IP literal against iPAddress entries only, and a name against dNSName only.
            boolean address = host.contains(":") || host.matches("[0-9.]+");
            names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
