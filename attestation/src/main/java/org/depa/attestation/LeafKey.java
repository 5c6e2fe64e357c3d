package org.depa.attestation;

import java.io.IOException;
import java.util.Optional;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/** The leaf's public key, which must be ECDSA on the named curve P-384 (secp384r1), as VCEKs and VLEKs are. */
final class LeafKey {
    private LeafKey() {}

    static Optional<ECPublicKeyParameters> p384(ParsedCertificate leaf) {
        try {
            SubjectPublicKeyInfo spki = leaf.publicKeyInfo();
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())) {
                return Optional.empty();
            }
            // Explicit curve parameters are refused: only the named curve is P-384 by definition.
            X962Parameters params =
                    X962Parameters.getInstance(spki.getAlgorithm().getParameters());
            if (!params.isNamedCurve() || !SECObjectIdentifiers.secp384r1.equals(params.getParameters())) {
                return Optional.empty();
            }
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(spki);
            return key instanceof ECPublicKeyParameters ec ? Optional.of(ec) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // includes points not on the curve, which BouncyCastle rejects on decoding
        }
    }
}
