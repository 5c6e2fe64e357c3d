package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * An identity a hostile member makes for itself: its own CA, and a certificate under it that
 * claims another organisation's MSP id and a role (peer, admin). Its signatures are genuine; its
 * certificate does not chain to that organisation's roots.
 */
final class ForgedIdentity {
    final X509Certificate ca;
    final X509Certificate certificate;
    final PrivateKey key;
    final String mspId;

    ForgedIdentity(String mspId, String ou) throws Exception {
        this.mspId = mspId;
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKeys = g.generateKeyPair();
        KeyPair leafKeys = g.generateKeyPair();
        Date from = Date.from(Instant.parse("2026-01-01T00:00:00Z"));
        Date to = Date.from(Instant.parse("2026-01-01T00:00:00Z").plus(3650, ChronoUnit.DAYS));
        X500Name caName = new X500Name("C=IN,O=forged,CN=ca.forged");
        var caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, from, to, caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = new JcaX509CertificateConverter()
                .getCertificate(
                        caBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        var leafBuilder = new JcaX509v3CertificateBuilder(
                        caName,
                        BigInteger.TWO,
                        from,
                        to,
                        new X500Name("C=IN,O=forged,OU=" + ou + ",CN=forged"),
                        leafKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        certificate = new JcaX509CertificateConverter()
                .getCertificate(
                        leafBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        key = leafKeys.getPrivate();
    }

    static String pem(X509Certificate c) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(c);
        }
        return w.toString();
    }

    ByteString serialized() throws Exception {
        return SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFromUtf8(pem(certificate)))
                .build()
                .toByteString();
    }

    /** A low-S ECDSA signature, as Fabric's signers produce. */
    byte[] sign(byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(data);
        ASN1Sequence seq = ASN1Sequence.getInstance(s.sign());
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger sv = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        BigInteger n = ((ECPublicKey) certificate.getPublicKey()).getParams().getOrder();
        if (sv.compareTo(n.shiftRight(1)) > 0) {
            sv = n.subtract(sv);
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(sv));
        return new DERSequence(v).getEncoded("DER");
    }
}
