package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.attestation.ReasonCode.CERTIFICATE_EXPIRED;
import static org.depa.attestation.ReasonCode.CHAIN_INVALID;
import static org.depa.attestation.ReasonCode.CHIP_ID_MISMATCH;
import static org.depa.attestation.ReasonCode.DEBUG_ENABLED;
import static org.depa.attestation.ReasonCode.MALFORMED_CERTIFICATE;
import static org.depa.attestation.ReasonCode.MEASUREMENT_NOT_ALLOWED;
import static org.depa.attestation.ReasonCode.MISSING_CERTIFICATE;
import static org.depa.attestation.ReasonCode.PRODUCT_MISMATCH;
import static org.depa.attestation.ReasonCode.REPORT_DATA_MISMATCH;
import static org.depa.attestation.ReasonCode.RESERVED_NONZERO;
import static org.depa.attestation.ReasonCode.SIGNATURE_INVALID;
import static org.depa.attestation.ReasonCode.SIGNATURE_OUT_OF_RANGE;
import static org.depa.attestation.ReasonCode.TCB_BELOW_MINIMUM;
import static org.depa.attestation.ReasonCode.TCB_MISMATCH;
import static org.depa.attestation.ReasonCode.UNSUPPORTED_SIGNATURE_ALGORITHM;
import static org.depa.attestation.ReasonCode.UNSUPPORTED_VERSION;
import static org.depa.attestation.ReasonCode.VMPL_MISMATCH;
import static org.depa.attestation.ReasonCode.WRONG_LENGTH;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Genuine AMD reports, changed one way at a time. AMD's key cannot re-sign them, so a change inside the signed
 * range brings SIGNATURE_INVALID along with the reason under test; both are expected exactly.
 */
class GenuineRefusalsTest {
    private static final BigInteger P384_N =
            SECNamedCurves.getByName("secp384r1").getN();

    /** A genuine report with its chain. */
    static final class Genuine {
        private final String name;
        private final byte[] report;
        private final List<X509Certificate> chain;
        private final SnpProduct product;

        Genuine(String name, byte[] report, List<X509Certificate> chain, SnpProduct product) {
            this.name = name;
            this.report = report.clone();
            this.chain = List.copyOf(chain);
            this.product = product;
        }

        byte[] report() {
            return report.clone();
        }

        List<X509Certificate> chain() {
            return chain;
        }

        SnpProduct product() {
            return product;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Change(
            UnaryOperator<byte[]> report,
            UnaryOperator<List<X509Certificate>> chain,
            VerificationPolicy policy,
            Clock clock) {}

    static List<Genuine> genuine() {
        return List.of(
                new Genuine("milan-v2", TestData.milanReport(), List.of(TestData.milanVcek()), SnpProduct.MILAN),
                new Genuine("genoa-v5", TestData.genoaReport(), TestData.genoaChain(), SnpProduct.GENOA));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void changedGenuineReportIsRefusedForExactlyTheExpectedReasons(
            Genuine g, String name, Change change, Set<ReasonCode> expected) {
        SnpVerifier verifier = SnpVerifier.create(VerifierOptions.defaults().withClock(change.clock()));

        Verdict v = verifier.verify(
                change.report().apply(g.report()), change.chain().apply(g.chain()), change.policy());

        assertThat(v.reasons()).as(String.join("\n", v.details())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(v.accepted()).isEqualTo(expected.isEmpty());
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Genuine g : genuine()) {
            boolean v2 = g.product() == SnpProduct.MILAN;
            List<Object[]> c = new ArrayList<>();
            report(c, "unchanged (baseline)", r -> r);
            report(c, "truncated by one byte", r -> Arrays.copyOf(r, 1183), WRONG_LENGTH);
            report(c, "truncated to the signed part", r -> Arrays.copyOf(r, 0x2A0), WRONG_LENGTH);
            report(c, "one trailing byte", r -> Arrays.copyOf(r, 1185), WRONG_LENGTH);
            report(c, "a certificate table appended", r -> Arrays.copyOf(r, 1184 + 4096), WRONG_LENGTH);
            for (int version : new int[] {0, 1, 4, 6}) {
                report(
                        c,
                        "version " + version,
                        r -> TestData.put32(r, 0, version),
                        UNSUPPORTED_VERSION,
                        SIGNATURE_INVALID);
            }
            // Unsigned reserved bytes: only the reserved check can see these.
            for (int offset : new int[] {0x330, 0x400, 0x49F}) {
                report(
                        c,
                        "reserved byte 0x" + Integer.toHexString(offset) + " after r and s",
                        r -> TestData.xor(r, offset, 0x01),
                        RESERVED_NONZERO);
            }
            int[] signedReserved = v2
                    ? new int[] {0x4C, 0x188, 0x18A, 0x19F, 0x1EB, 0x1EF, 0x1F8, 0x207, 0x29F}
                    : new int[] {0x4C, 0x18B, 0x19F, 0x1EB, 0x1EF, 0x208, 0x29F};
            for (int offset : signedReserved) {
                report(
                        c,
                        "reserved byte 0x" + Integer.toHexString(offset),
                        r -> TestData.xor(r, offset, 0x01),
                        RESERVED_NONZERO,
                        SIGNATURE_INVALID);
            }
            report(
                    c,
                    "policy reserved bit 17 cleared",
                    r -> TestData.xor(r, 0x0A, 0x02),
                    RESERVED_NONZERO,
                    SIGNATURE_INVALID);
            report(
                    c,
                    "platform info reserved bit 8",
                    r -> TestData.xor(r, 0x41, 0x01),
                    RESERVED_NONZERO,
                    SIGNATURE_INVALID);
            // IOMMU_WRITE_SAFE is defined (Turin firmware sets it): only the signature catches the change.
            report(
                    c,
                    "platform info bit 6 (IOMMU_WRITE_SAFE) flipped",
                    r -> TestData.xor(r, 0x40, 0x40),
                    SIGNATURE_INVALID);
            for (int algo : new int[] {0, 2, 0x10001}) {
                report(
                        c,
                        "signature algorithm " + algo,
                        r -> TestData.put32(r, 0x34, algo),
                        UNSUPPORTED_SIGNATURE_ALGORITHM);
            }
            for (int offset : new int[] {0x04, 0x50, 0x8F, 0x90, 0xBF, 0xC0, 0x140, 0x1E8, 0x1F0}) {
                report(
                        c,
                        "bit flip at 0x" + Integer.toHexString(offset),
                        r -> TestData.xor(r, offset, 0x10),
                        SIGNATURE_INVALID);
            }
            report(c, "debug bit set", r -> TestData.xor(r, 0x0A, 0x08), DEBUG_ENABLED, SIGNATURE_INVALID);
            report(c, "VMPL changed", r -> TestData.xor(r, 0x30, 0x01), VMPL_MISMATCH, SIGNATURE_INVALID);
            report(c, "REPORTED_TCB SNP lowered", r -> TestData.xor(r, 0x186, 0x01), TCB_MISMATCH, SIGNATURE_INVALID);
            report(c, "CHIP_ID changed", r -> TestData.xor(r, 0x1C0, 0x01), CHIP_ID_MISMATCH, SIGNATURE_INVALID);
            if (!v2) {
                report(
                        c,
                        "CPUID model of Milan",
                        r -> TestData.xor(r, 0x189, 0x10),
                        PRODUCT_MISMATCH,
                        SIGNATURE_INVALID);
                report(c, "mitigation vector changed", r -> TestData.xor(r, 0x1F8, 0x01), SIGNATURE_INVALID);
            }
            report(c, "r = 0", r -> TestData.fill(r, 0x2A0, 48, 0), SIGNATURE_OUT_OF_RANGE);
            report(c, "s = 0", r -> TestData.fill(r, 0x2E8, 48, 0), SIGNATURE_OUT_OF_RANGE);
            report(
                    c,
                    "r = n",
                    r -> TestData.putLittleEndian(r, 0x2A0, BigIntegers.asUnsignedByteArray(P384_N)),
                    SIGNATURE_OUT_OF_RANGE);
            report(
                    c,
                    "s = n",
                    r -> TestData.putLittleEndian(r, 0x2E8, BigIntegers.asUnsignedByteArray(P384_N)),
                    SIGNATURE_OUT_OF_RANGE);
            report(c, "r byte 49 set", r -> TestData.xor(r, 0x2A0 + 48, 0x01), SIGNATURE_OUT_OF_RANGE);
            report(c, "s byte 72 set", r -> TestData.xor(r, 0x2E8 + 71, 0x01), SIGNATURE_OUT_OF_RANGE);
            report(c, "r low bit flipped", r -> TestData.xor(r, 0x2A0, 0x01), SIGNATURE_INVALID);
            report(c, "s high significant byte flipped", r -> TestData.xor(r, 0x2E8 + 40, 0x01), SIGNATURE_INVALID);

            // Policy on the untouched report.
            policy(c, "VMPL 1 expected", VerificationPolicy.defaults().withExpectedVmpl(1), VMPL_MISMATCH);
            policy(
                    c,
                    "measurement not allowed",
                    VerificationPolicy.defaults().withAllowedMeasurementsHex(List.of("00".repeat(48))),
                    MEASUREMENT_NOT_ALLOWED);
            policy(
                    c,
                    "report_data mismatch",
                    VerificationPolicy.defaults().withExpectedReportData(new byte[64]),
                    REPORT_DATA_MISMATCH);
            TcbVersion reported =
                    g.product() == SnpProduct.MILAN ? TcbVersion.of(3, 0, 8, 0x73) : TcbVersion.of(10, 0, 0x1B, 0x58);
            policy(
                    c,
                    "minimum TCB (SNP one above): rollback",
                    VerificationPolicy.defaults()
                            .withMinimumTcb(g.product(), EmulatedReportsTest.bump(reported, "snp", 1)),
                    TCB_BELOW_MINIMUM);
            policy(
                    c,
                    "minimum TCB (microcode one above): rollback",
                    VerificationPolicy.defaults()
                            .withMinimumTcb(g.product(), EmulatedReportsTest.bump(reported, "microcode", 1)),
                    TCB_BELOW_MINIMUM);
            policy(c, "minimum TCB equal", VerificationPolicy.defaults().withMinimumTcb(g.product(), reported));

            // Certificates.
            String ownAskArk = v2 ? "ask_ark_milan.pem" : "ask_ark_genoa.pem";
            String otherAskArk = v2 ? "ask_ark_genoa.pem" : "ask_ark_milan.pem";
            // Certificates that are not the leaf's issuers are passed over: the path is built by name and key, and
            // AMD's bundled ASK and ARK of the leaf's product complete it. What cannot be completed is refused.
            chain(
                    c,
                    "VCEK with only the other product's ASK and ARK: passed over, bundled path",
                    ch -> TestData.withAskArk(ch.get(0), otherAskArk));
            chain(
                    c,
                    "VCEK with only the Turin ASK and ARK: passed over, bundled path",
                    ch -> TestData.withAskArk(ch.get(0), "ask_ark_turin_vcek.pem"));
            chain(c, "intermediate with a tampered key: passed over, bundled path", ch -> {
                List<X509Certificate> askArk = TestData.certs(ownAskArk);
                return List.of(ch.get(0), Tamper.publicKey(askArk.get(0)), askArk.get(1));
            });
            chain(c, "intermediate with a tampered signature: passed over, bundled path", ch -> {
                List<X509Certificate> askArk = TestData.certs(ownAskArk);
                return List.of(ch.get(0), Tamper.signature(askArk.get(0)), askArk.get(1));
            });
            chain(c, "VCEK with a tampered signature", ch -> List.of(Tamper.signature(ch.get(0))), CHAIN_INVALID);
            chain(
                    c,
                    "VCEK with a tampered key",
                    ch -> List.of(Tamper.publicKey(ch.get(0))),
                    MALFORMED_CERTIFICATE,
                    CHAIN_INVALID);
            chain(c, "ASK given twice, no ARK: the bundled ARK completes the path", ch -> {
                List<X509Certificate> askArk = TestData.certs(ownAskArk);
                return List.of(ch.get(0), askArk.get(0), askArk.get(0));
            });
            chain(c, "no certificates", ch -> List.of(), MISSING_CERTIFICATE);
            chain(c, "ASK given as the leaf", ch -> TestData.certs(ownAskArk), MISSING_CERTIFICATE);
            if (v2) {
                chain(
                        c,
                        "another Milan chip's VCEK",
                        ch -> List.of(TestData.milanDebugVcek()),
                        SIGNATURE_INVALID,
                        TCB_MISMATCH,
                        CHIP_ID_MISMATCH);
            } else {
                chain(
                        c,
                        "a Milan VCEK for a Genoa report",
                        ch -> List.of(TestData.milanVcek()),
                        SIGNATURE_INVALID,
                        TCB_MISMATCH,
                        CHIP_ID_MISMATCH,
                        PRODUCT_MISMATCH);
            }
            clock(c, "after the VCEK expired", Instant.parse("2033-01-01T00:00:00Z"), CERTIFICATE_EXPIRED);
            clock(c, "before the VCEK was issued", Instant.parse("2019-01-01T00:00:00Z"), CERTIFICATE_EXPIRED);

            for (Object[] o : c) {
                out.add(Arguments.of(g, o[0], o[1], o[2]));
            }
        }
        return out.stream();
    }

    private static void report(List<Object[]> c, String name, UnaryOperator<byte[]> f, ReasonCode... expected) {
        c.add(new Object[] {name, new Change(f, ch -> ch, VerificationPolicy.defaults(), TestData.CLOCK), set(expected)
        });
    }

    private static void policy(List<Object[]> c, String name, VerificationPolicy p, ReasonCode... expected) {
        c.add(new Object[] {name, new Change(r -> r, ch -> ch, p, TestData.CLOCK), set(expected)});
    }

    private static void chain(
            List<Object[]> c, String name, UnaryOperator<List<X509Certificate>> f, ReasonCode... expected) {
        c.add(new Object[] {name, new Change(r -> r, f, VerificationPolicy.defaults(), TestData.CLOCK), set(expected)});
    }

    private static void clock(List<Object[]> c, String name, Instant at, ReasonCode... expected) {
        c.add(new Object[] {
            name,
            new Change(r -> r, ch -> ch, VerificationPolicy.defaults(), Clock.fixed(at, ZoneOffset.UTC)),
            set(expected)
        });
    }

    private static Set<ReasonCode> set(ReasonCode... codes) {
        Set<ReasonCode> s = EnumSet.noneOf(ReasonCode.class);
        s.addAll(Arrays.asList(codes));
        return s;
    }
}
