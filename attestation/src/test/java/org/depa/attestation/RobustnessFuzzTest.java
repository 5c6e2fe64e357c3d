package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.depa.attestation.emulator.SnpEmulator;
import org.junit.jupiter.api.Test;

/**
 * Fuzz-style robustness with a fixed seed: random mutations of genuine and emulated reports and of the
 * certificates. The verifier must always return a verdict, and must never accept anything that differs from what
 * was signed. Every byte of a report is either signed, part of r or s, or reserved, so no changed report may pass.
 */
class RobustnessFuzzTest {
    private static final long SEED = 0x5EED_A77E5L;
    private static final int REPORT_ITERATIONS = 750;
    private static final int CERTIFICATE_ITERATIONS = 750;

    @Test
    void mutatedGenuineReportsAreNeverAccepted() {
        SnpVerifier verifier = TestData.verifier();
        Random random = new Random(SEED);
        Set<ReasonCode> seen = EnumSet.noneOf(ReasonCode.class);
        fuzzReport(verifier, TestData.milanReport(), derChain(List.of(TestData.milanVcek())), random, seen);
        fuzzReport(verifier, TestData.genoaReport(), derChain(TestData.genoaChain()), random, seen);

        // The mutations reached the different checks, not just one of them.
        assertThat(seen)
                .contains(
                        ReasonCode.WRONG_LENGTH,
                        ReasonCode.SIGNATURE_INVALID,
                        ReasonCode.RESERVED_NONZERO,
                        ReasonCode.SIGNATURE_OUT_OF_RANGE);
    }

    @Test
    void mutatedEmulatedReportsAreNeverAccepted() {
        SnpVerifier verifier = Emulated.verifier();
        Random random = new Random(SEED + 1);
        Set<ReasonCode> seen = EnumSet.noneOf(ReasonCode.class);
        SnpEmulator turin = Emulated.of(SnpProduct.TURIN);
        fuzzReport(verifier, turin.report(), derChain(turin.chain()), random, seen);

        assertThat(seen).contains(ReasonCode.SIGNATURE_INVALID, ReasonCode.RESERVED_NONZERO);
    }

    @Test
    void mutatedCertificatesAreNeverAccepted() {
        SnpVerifier verifier = TestData.verifier();
        Random random = new Random(SEED + 2);
        List<byte[]> milan = derChain(TestData.withAskArk(TestData.milanVcek(), "ask_ark_milan.pem"));
        List<byte[]> genoa = derChain(TestData.genoaChain());
        byte[] milanReport = TestData.milanReport();
        byte[] genoaReport = TestData.genoaReport();
        assertThat(verifier.verifyEncoded(milanReport, milan, VerificationPolicy.defaults())
                        .accepted())
                .isTrue();
        assertThat(verifier.verifyEncoded(genoaReport, genoa, VerificationPolicy.defaults())
                        .accepted())
                .isTrue();
        Set<ReasonCode> seen = EnumSet.noneOf(ReasonCode.class);

        for (int i = 0; i < CERTIFICATE_ITERATIONS; i++) {
            boolean useMilan = random.nextBoolean();
            List<byte[]> chain = new ArrayList<>(useMilan ? milan : genoa);
            int which = random.nextInt(chain.size());
            chain.set(which, mutate(chain.get(which), random));

            Verdict v =
                    verifier.verifyEncoded(useMilan ? milanReport : genoaReport, chain, VerificationPolicy.defaults());

            // A mutated leaf is never accepted. A mutated ASK or ARK that no longer issues anything on the path is
            // passed over, and AMD's bundled ASK and ARK complete the path: then the verdict is the VCEK's alone.
            if (v.accepted()) {
                assertThat(which).as("mutation %d of the leaf accepted", i).isNotZero();
                assertThat(verifier.verifyEncoded(
                                        useMilan ? milanReport : genoaReport,
                                        List.of(chain.get(0)),
                                        VerificationPolicy.defaults())
                                .accepted())
                        .as("mutation %d of certificate %d", i, which)
                        .isTrue();
            }
            seen.addAll(v.reasons());
        }
        assertThat(seen).contains(ReasonCode.MALFORMED_CERTIFICATE, ReasonCode.CHAIN_INVALID);
    }

    @Test
    void hostileDerDoesNotEscapeAsAnException() {
        SnpVerifier verifier = TestData.verifier();
        byte[] nested = new byte[20000]; // SEQUENCE inside SEQUENCE, deep enough to trouble a recursive parser
        for (int i = 0; i + 1 < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80; // indefinite length, not DER
        }
        byte[] deepDefinite = new byte[4 * 5000]; // 5000 SEQUENCEs, each with a 2-byte definite length
        for (int level = 0; level < 5000; level++) {
            int remaining = deepDefinite.length - 4 * (level + 1);
            deepDefinite[4 * level] = 0x30;
            deepDefinite[4 * level + 1] = (byte) 0x82;
            deepDefinite[4 * level + 2] = (byte) (remaining >>> 8);
            deepDefinite[4 * level + 3] = (byte) remaining;
        }
        byte[] hugeLength = {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x02, 0x01, 0x00};
        for (byte[] der :
                List.of(nested, deepDefinite, hugeLength, new byte[0], new byte[] {0x30}, new byte[] {0x30, 0x00})) {
            Verdict v = verifier.verifyEncoded(TestData.milanReport(), List.of(der), VerificationPolicy.defaults());

            assertThat(v.accepted()).isFalse();
            assertThat(v.reasons()).contains(ReasonCode.MALFORMED_CERTIFICATE);
        }
    }

    private static void fuzzReport(
            SnpVerifier verifier, byte[] original, List<byte[]> chain, Random random, Set<ReasonCode> seen) {
        assertThat(verifier.verifyEncoded(original, chain, VerificationPolicy.defaults())
                        .accepted())
                .as("unmutated baseline")
                .isTrue();
        for (int i = 0; i < REPORT_ITERATIONS; i++) {
            byte[] mutated = mutate(original, random);

            Verdict v = verifier.verifyEncoded(mutated, chain, VerificationPolicy.defaults());

            assertThat(v.accepted()).as("mutation %d", i).isFalse();
            assertThat(v.reasons()).isNotEmpty();
            seen.addAll(v.reasons());
        }
    }

    /** One random change; the result always differs from {@code in}. */
    static byte[] mutate(byte[] in, Random random) {
        byte[] out;
        switch (random.nextInt(6)) {
            case 0 -> { // one bit anywhere
                out = in.clone();
                int at = random.nextInt(out.length);
                out[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> { // a few bytes set to new values
                out = in.clone();
                int count = 1 + random.nextInt(8);
                for (int k = 0; k < count; k++) {
                    int at = random.nextInt(out.length);
                    out[at] = (byte) (out[at] ^ (1 + random.nextInt(255)));
                }
            }
            case 2 -> out = Arrays.copyOf(in, random.nextInt(in.length)); // truncated
            case 3 -> { // extended with random bytes
                out = Arrays.copyOf(in, in.length + 1 + random.nextInt(64));
                for (int k = in.length; k < out.length; k++) {
                    out[k] = (byte) random.nextInt(256);
                }
            }
            case 4 -> { // a random run zeroed
                out = in.clone();
                int at = random.nextInt(out.length);
                int len = 1 + random.nextInt(Math.min(48, out.length - at));
                Arrays.fill(out, at, at + len, (byte) 0);
            }
            default -> { // a byte removed from the middle
                int at = random.nextInt(in.length);
                out = new byte[in.length - 1];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + 1, out, at, in.length - at - 1);
            }
        }
        if (Arrays.equals(out, in)) {
            out = Arrays.copyOf(in, in.length + 1); // the run was already zero: change the length instead
        }
        return out;
    }

    private static List<byte[]> derChain(List<X509Certificate> chain) {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
