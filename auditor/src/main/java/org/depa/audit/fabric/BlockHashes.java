package org.depa.audit.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;

/** Fabric's block hashes: the header's ASN.1 DER form and its SHA-256, the data hash. */
final class BlockHashes {
    private BlockHashes() {}

    /** The bytes Fabric hashes and the orderers sign: DER SEQUENCE { number, previous_hash, data_hash }. */
    static byte[] headerBytes(BlockHeader h) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(h.getNumber()))));
        v.add(new DEROctetString(h.getPreviousHash().toByteArray()));
        v.add(new DEROctetString(h.getDataHash().toByteArray()));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] headerHash(BlockHeader h) {
        return sha256(headerBytes(h));
    }

    /** SHA-256 of the concatenated transaction bytes (Fabric 2.x's BlockDataHash). */
    static byte[] dataHash(BlockData d) {
        MessageDigest md = digest();
        d.getDataList().forEach(b -> md.update(b.asReadOnlyByteBuffer()));
        return md.digest();
    }

    static byte[] sha256(byte[]... parts) {
        MessageDigest md = digest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
