package org.depa.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.depa.testkit.GenuineSnpFixtures;

/** The genuine AMD material under src/test/resources/snp (see its SOURCE.md) and a fixed verification time. */
final class TestData {
    /** Inside every genuine certificate's validity, so the tests do not depend on the day they run. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

    private TestData() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestData.class.getResourceAsStream(GenuineSnpFixtures.RESOURCE_DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource snp/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<X509Certificate> certs(String name) {
        try {
            return CertificateLoader.parse(bytes(name));
        } catch (CertificateException e) {
            throw new IllegalStateException(name, e);
        }
    }

    static byte[] milanReport() {
        return bytes(GenuineSnpFixtures.MILAN_REPORT);
    }

    static byte[] milanDebugReport() {
        return bytes(GenuineSnpFixtures.MILAN_DEBUG_REPORT);
    }

    static byte[] genoaReport() {
        return bytes(GenuineSnpFixtures.GENOA_REPORT);
    }

    static X509Certificate milanVcek() {
        return certs(GenuineSnpFixtures.MILAN_VCEK).get(0);
    }

    static X509Certificate milanDebugVcek() {
        return certs(GenuineSnpFixtures.MILAN_DEBUG_VCEK).get(0);
    }

    /** VCEK, ASK, ARK. */
    static List<X509Certificate> genoaChain() {
        return certs(GenuineSnpFixtures.GENOA_VCEK_CHAIN);
    }

    /** VCEK, then AMD's ASK and ARK for {@code askArkFile}'s product. */
    static List<X509Certificate> withAskArk(X509Certificate vcek, String askArkFile) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(vcek);
        chain.addAll(certs(askArkFile));
        return chain;
    }

    static SnpVerifier verifier() {
        return SnpVerifier.create(VerifierOptions.defaults().withClock(CLOCK));
    }

    static byte[] unhex(String hex) {
        return Hex.decode(hex);
    }

    /** A copy of {@code in} with byte {@code offset} XOR {@code mask}. */
    static byte[] xor(byte[] in, int offset, int mask) {
        byte[] out = in.clone();
        out[offset] ^= (byte) mask;
        return out;
    }

    /** A copy of {@code in} with {@code value} written little-endian at {@code offset}. */
    static byte[] put32(byte[] in, int offset, int value) {
        byte[] out = in.clone();
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    static byte[] put64(byte[] in, int offset, long value) {
        byte[] out = in.clone();
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /** A copy of {@code in} with {@code length} bytes at {@code offset} replaced by {@code value}. */
    static byte[] fill(byte[] in, int offset, int length, int value) {
        byte[] out = in.clone();
        for (int i = 0; i < length; i++) {
            out[offset + i] = (byte) value;
        }
        return out;
    }

    /** Writes {@code be} (big-endian, at most 72 bytes) little-endian into the 72-byte field at {@code offset}. */
    static byte[] putLittleEndian(byte[] in, int offset, byte[] be) {
        byte[] out = fill(in, offset, 72, 0);
        int start = 0;
        while (start < be.length - 1 && be[start] == 0) {
            start++;
        }
        for (int i = 0; i < be.length - start; i++) {
            out[offset + i] = be[be.length - 1 - i];
        }
        return out;
    }
}
