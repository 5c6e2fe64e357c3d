package org.depa.ledger.client.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FabricSignersTest {
    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    /** The key as FabricLedger reads it: PEM through the SDK's reader (a BouncyCastle key object). */
    private static PrivateKey throughPem(PrivateKey key) throws Exception {
        return Identities.readPrivateKey(Identities.toPemString(key));
    }

    private static byte[] sha256(byte[] message) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1"})
    void aSignatureOverTheDigestVerifiesAsTheMessagesSha256WithEcdsa(String curve) throws Exception {
        KeyPair pair = ec(curve);
        Signer signer = FabricSigners.forKey(throughPem(pair.getPrivate()));
        for (int i = 0; i < 20; i++) {
            byte[] message = ("proposal " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = signer.sign(sha256(message));
            Signature jdk = Signature.getInstance("SHA256withECDSA");
            jdk.initVerify(pair.getPublic());
            jdk.update(message);
            assertTrue(jdk.verify(signature), curve + ", message " + i);

            jdk.initVerify(pair.getPublic());
            jdk.update(("proposal " + (i + 1)).getBytes(StandardCharsets.UTF_8));
            assertFalse(jdk.verify(signature), "the signature covers its own message only");
        }
    }

    @Test
    void everySignatureIsLowSAsFabricRequires() throws Exception {
        KeyPair pair = ec("secp256r1");
        BigInteger half =
                ((ECPrivateKey) pair.getPrivate()).getParams().getOrder().shiftRight(1);
        Signer signer = FabricSigners.forKey(pair.getPrivate());
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            ASN1Sequence der = ASN1Sequence.getInstance(signer.sign(digest));
            BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
            assertTrue(s.signum() > 0 && s.compareTo(half) <= 0, "signature " + i + " has a high S");
        }
        // About half of raw ECDSA signatures are high-S, so 200 without one is no luck.
    }

    @Test
    void theSameDigestGivesTheSameSignature() throws Exception {
        Signer signer = FabricSigners.forKey(ec("secp256r1").getPrivate());
        byte[] digest = sha256("one transaction".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(signer.sign(digest), signer.sign(digest), "RFC 6979 nonces");
        assertFalse(java.util.Arrays.equals(signer.sign(digest), signer.sign(sha256(new byte[] {1}))));
    }

    @Test
    void concurrentSignersShareTheKeyWithoutCorruptingSignatures() throws Exception {
        KeyPair pair = ec("secp256r1");
        Signer signer = FabricSigners.forKey(pair.getPrivate());
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger bad = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 8; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        byte[] message = ("thread " + id + " tx " + i).getBytes(StandardCharsets.UTF_8);
                        Signature jdk = Signature.getInstance("SHA256withECDSA");
                        jdk.initVerify(pair.getPublic());
                        jdk.update(message);
                        if (!jdk.verify(signer.sign(sha256(message)))) {
                            bad.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    bad.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, bad.get());
    }

    @Test
    void aKeyWhoseEncodingCannotBeReadIsRefusedNamingTheProblem() {
        ECPrivateKey broken = new ECPrivateKey() {
            @Override
            public BigInteger getS() {
                return BigInteger.ONE;
            }

            @Override
            public ECParameterSpec getParams() {
                return null;
            }

            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return "PKCS#8";
            }

            @Override
            public byte[] getEncoded() {
                return new byte[] {0x30, 0x03, 0x02, 0x01, 0x01};
            }
        };
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> FabricSigners.forKey(broken));
        assertTrue(e.getMessage().contains("ECDSA private key"), e.getMessage());
    }
}
