package org.depa.ledger.client.fabric;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.hyperledger.fabric.client.identity.Signer;

/**
 * Signs the digest the gateway SDK hands over (it hashes first, SHA-256) with one ECDSA key whose
 * parameters are kept, RFC 6979 deterministic nonces and low-S DER: Fabric's peers and orderers
 * refuse a high-S signature. Safe for concurrent use: each call has its own signer state, and
 * BouncyCastle guards the shared precomputation on the curve's generator.
 */
final class EcdsaDigestSigner implements Signer {
    private final ECPrivateKeyParameters key;
    private final BigInteger halfOrder;

    EcdsaDigestSigner(ECPrivateKeyParameters key) {
        this.key = key;
        this.halfOrder = key.getParameters().getN().shiftRight(1);
    }

    @Override
    public byte[] sign(byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s =
                rs[1].compareTo(halfOrder) > 0 ? key.getParameters().getN().subtract(rs[1]) : rs[1];
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an ECDSA signature", e);
        }
    }
}
