package org.depa.attestation.emulator;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.operator.ContentSigner;

/** A ContentSigner for RSASSA-PSS SHA-384 / MGF1-SHA-384 / salt 48, the algorithm AMD's ARK and ASK use. */
final class PssSigner implements ContentSigner {
    private static final AlgorithmIdentifier SHA384 =
            new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384, DERNull.INSTANCE);
    static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(
            PKCSObjectIdentifiers.id_RSASSA_PSS,
            new RSASSAPSSparams(
                    SHA384,
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, SHA384),
                    new ASN1Integer(48),
                    new ASN1Integer(1)));

    private final RSAKeyParameters key;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    PssSigner(RSAKeyParameters key) {
        this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ALGORITHM;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        PSSSigner signer = new PSSSigner(new RSABlindedEngine(), new SHA384Digest(), new SHA384Digest(), 48);
        signer.init(true, key);
        byte[] data = buffer.toByteArray();
        signer.update(data, 0, data.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("PSS signing failed", e);
        }
    }
}
