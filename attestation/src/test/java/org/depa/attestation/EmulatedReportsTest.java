package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.attestation.ReasonCode.CERTIFICATE_EXPIRED;
import static org.depa.attestation.ReasonCode.CHAIN_INVALID;
import static org.depa.attestation.ReasonCode.CHIP_ID_MISMATCH;
import static org.depa.attestation.ReasonCode.CRL_INVALID;
import static org.depa.attestation.ReasonCode.DEBUG_ENABLED;
import static org.depa.attestation.ReasonCode.MEASUREMENT_NOT_ALLOWED;
import static org.depa.attestation.ReasonCode.MISSING_CERTIFICATE;
import static org.depa.attestation.ReasonCode.MISSING_EXTENSION;
import static org.depa.attestation.ReasonCode.PRODUCT_MISMATCH;
import static org.depa.attestation.ReasonCode.REPORT_DATA_MISMATCH;
import static org.depa.attestation.ReasonCode.RESERVED_NONZERO;
import static org.depa.attestation.ReasonCode.REVOKED;
import static org.depa.attestation.ReasonCode.SIGNATURE_INVALID;
import static org.depa.attestation.ReasonCode.SIGNATURE_OUT_OF_RANGE;
import static org.depa.attestation.ReasonCode.SIGNING_KEY_MISMATCH;
import static org.depa.attestation.ReasonCode.TCB_BELOW_MINIMUM;
import static org.depa.attestation.ReasonCode.TCB_MISMATCH;
import static org.depa.attestation.ReasonCode.UNKNOWN_PRODUCT;
import static org.depa.attestation.ReasonCode.UNKNOWN_ROOT;
import static org.depa.attestation.ReasonCode.UNSUPPORTED_SIGNATURE_ALGORITHM;
import static org.depa.attestation.ReasonCode.UNSUPPORTED_VERSION;
import static org.depa.attestation.ReasonCode.VMPL_MISMATCH;
import static org.depa.attestation.ReasonCode.WRONG_LENGTH;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.attestation.emulator.VcekSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Emulator-signed reports for Milan, Genoa and Turin, each case run on every product. The emulator re-signs a
 * report after a field is changed, so each refusal case isolates one check: the expected reasons are exact.
 */
class EmulatedReportsTest {
    private static final BigInteger P384_N =
            SECNamedCurves.getByName("secp384r1").getN();

    /** What one case verifies. */
    static final class Scenario {
        private final byte[] report;
        private final List<X509Certificate> chain;
        private final VerificationPolicy policy;
        private final VerifierOptions options;

        Scenario(byte[] report, List<X509Certificate> chain, VerificationPolicy policy, VerifierOptions options) {
            this.report = report.clone();
            this.chain = List.copyOf(chain);
            this.policy = policy;
            this.options = options;
        }

        static Scenario of(SnpEmulator e, byte[] report) {
            return new Scenario(report, e.chain(), VerificationPolicy.defaults(), Emulated.developmentOptions());
        }

        Scenario policy(VerificationPolicy p) {
            return new Scenario(report, chain, p, options);
        }

        List<X509Certificate> chain() {
            return chain;
        }

        Scenario chain(List<X509Certificate> c) {
            return new Scenario(report, c, policy, options);
        }

        Scenario options(VerifierOptions o) {
            return new Scenario(report, chain, policy, o);
        }

        Verdict verify() {
            return SnpVerifier.create(options).verify(report.clone(), chain, policy);
        }
    }

    interface Case {
        Scenario build(SnpEmulator e);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void verdictHasExactlyTheExpectedReasons(SnpProduct product, String name, Case c, Set<ReasonCode> expected) {
        SnpEmulator emulator = Emulated.of(product);
        Scenario s = c.build(emulator);

        Verdict v = s.verify();

        assertThat(v.reasons()).as(String.join("\n", v.details())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(v.accepted()).isEqualTo(expected.isEmpty());
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (SnpProduct p : SnpProduct.values()) {
            for (Object[] c : casesFor(p)) {
                out.add(Arguments.of(p, c[0], c[1], c[2]));
            }
        }
        return out.stream();
    }

    private static List<Object[]> casesFor(SnpProduct product) {
        List<Object[]> c = new ArrayList<>();
        // Acceptance: the baseline for every refusal below.
        add(c, "default version 5 report", e -> Scenario.of(e, e.report()));
        add(
                c,
                "version 3",
                e -> Scenario.of(e, e.report(e.reportSpec().version(3).build())));
        add(
                c,
                "version 2",
                e -> Scenario.of(e, e.report(e.reportSpec().version(2).build())));
        add(
                c,
                "v5 mitigation vectors are fields, not reserved",
                e -> Scenario.of(
                        e, e.report(e.reportSpec().mitigationVectors(0xB, 0xB).build())));
        add(c, "debug allowed by policy", e -> Scenario.of(
                        e, e.report(e.reportSpec().policy(0xB0000L).build()))
                .policy(VerificationPolicy.defaults().withAllowDebug(true)));
        add(c, "VMPL 2 when 2 is expected", e -> Scenario.of(
                        e, e.report(e.reportSpec().vmpl(2).build()))
                .policy(VerificationPolicy.defaults().withExpectedVmpl(2)));
        add(c, "minimum TCB equal to the reported one", e -> Scenario.of(e, e.report())
                .policy(VerificationPolicy.defaults()
                        .withMinimumTcb(product, e.vcekSpec().tcb())));
        add(c, "CRL that lists other serials", e -> Scenario.of(e, e.report())
                .options(Emulated.developmentOptions()
                        .withCrl(e.crl(
                                Instant.parse("2026-01-01T00:00:00Z"),
                                Instant.parse("2027-01-01T00:00:00Z"),
                                List.of(BigInteger.valueOf(12345))))));

        // Length.
        add(c, "one byte short", e -> Scenario.of(e, Arrays.copyOf(e.report(), 1183)), WRONG_LENGTH);
        add(c, "one byte long", e -> Scenario.of(e, Arrays.copyOf(e.report(), 1185)), WRONG_LENGTH);
        add(c, "empty", e -> Scenario.of(e, new byte[0]), WRONG_LENGTH);
        add(c, "twice the size", e -> Scenario.of(e, Arrays.copyOf(e.report(), 2368)), WRONG_LENGTH);

        // Version.
        for (int version : new int[] {0, 1, 4, 6, 0x7FFFFFFF, -1}) {
            add(
                    c,
                    "version " + Integer.toUnsignedString(version),
                    e -> Scenario.of(e, e.resign(TestData.put32(e.report(), 0x00, version))),
                    UNSUPPORTED_VERSION);
        }

        // Reserved bytes: those of every version, then those that only some versions reserve.
        for (int offset : new int[] {0x4C, 0x4F, 0x18B, 0x19F, 0x1EB, 0x1EF, 0x208, 0x250, 0x29F}) {
            for (int version : new int[] {2, 3, 5}) {
                add(
                        c,
                        "v" + version + " reserved byte 0x" + Integer.toHexString(offset),
                        e -> Scenario.of(
                                e,
                                e.resign(TestData.xor(
                                        e.report(e.reportSpec().version(version).build()), offset, 0x01))),
                        RESERVED_NONZERO);
            }
        }
        for (int offset : new int[] {0x330, 0x3FF, 0x49F}) {
            add(
                    c,
                    "reserved byte 0x" + Integer.toHexString(offset) + " after r and s (unsigned)",
                    e -> Scenario.of(e, TestData.xor(e.report(), offset, 0x80)),
                    RESERVED_NONZERO);
        }
        for (int offset : new int[] {0x188, 0x18A, 0x1F8, 0x207}) {
            add(
                    c,
                    "v2 reserved byte 0x" + Integer.toHexString(offset),
                    e -> Scenario.of(
                            e,
                            e.resign(TestData.xor(
                                    e.report(e.reportSpec().version(2).build()), offset, 0x01))),
                    RESERVED_NONZERO);
        }
        for (int offset : new int[] {0x1F8, 0x200, 0x207}) {
            add(
                    c,
                    "v3 reserved byte 0x" + Integer.toHexString(offset),
                    e -> Scenario.of(
                            e,
                            e.resign(TestData.xor(
                                    e.report(e.reportSpec().version(3).build()), offset, 0x01))),
                    RESERVED_NONZERO);
        }
        // Guest POLICY: SMT 16, MIGRATE_MA 18, SINGLE_SOCKET 20, CXL_ALLOW 21, MEM_AES_256_XTS 22, RAPL_DIS 23,
        // CIPHERTEXT_HIDING 24, PAGE_SWAP_DISABLE 25 are defined; DEBUG 19 is refused by policy (below).
        for (int bit : new int[] {16, 18, 20, 21, 22, 23, 24, 25}) {
            long policy = 0x20000L | (1L << bit);
            add(
                    c,
                    "policy defined bit " + bit,
                    e -> Scenario.of(e, e.report(e.reportSpec().policy(policy).build())));
        }
        add(
                c,
                "policy ABI version 1.58 and every defined flag but DEBUG",
                e -> Scenario.of(e, e.report(e.reportSpec().policy(0x3F7013AL).build())));
        add(
                c,
                "signer info AUTHOR_KEY_EN",
                e -> Scenario.of(e, e.report(e.reportSpec().signerInfo(1).build())));
        add(
                c,
                "v5 mitigation vectors all ones",
                e -> Scenario.of(
                        e, e.report(e.reportSpec().mitigationVectors(-1L, -1L).build())));
        for (int step : new int[] {0, 1, 2, 15, 255}) {
            add(
                    c,
                    "CPUID_STEP " + step,
                    e -> Scenario.of(e, e.resign(TestData.xor(e.report(), 0x18A, e.report()[0x18A] ^ step))));
        }
        add(
                c,
                "policy bit 17 (must be one) clear",
                e -> Scenario.of(e, e.report(e.reportSpec().policy(0x10000L).build())),
                RESERVED_NONZERO);
        for (int bit : new int[] {26, 40, 63}) {
            add(
                    c,
                    "policy reserved bit " + bit,
                    e -> Scenario.of(
                            e,
                            e.report(e.reportSpec()
                                    .policy(0x30000L | (1L << bit))
                                    .build())),
                    RESERVED_NONZERO);
        }
        for (int bit = 0; bit <= 7; bit++) {
            // SMT_EN, TSME_EN, ECC_EN, RAPL_DIS, CIPHERTEXT_HIDING_EN, ALIAS_CHECK_COMPLETE, IOMMU_WRITE_SAFE, TIO_EN
            long info = 1L << bit;
            add(
                    c,
                    "platform info defined bit " + bit,
                    e -> Scenario.of(
                            e, e.report(e.reportSpec().platformInfo(info).build())));
        }
        add(
                c,
                "platform info all defined bits (0xFF)",
                e -> Scenario.of(e, e.report(e.reportSpec().platformInfo(0xFFL).build())));
        for (int bit : new int[] {8, 9, 31, 32, 63}) {
            add(
                    c,
                    "platform info reserved bit " + bit,
                    e -> Scenario.of(
                            e, e.report(e.reportSpec().platformInfo(1L << bit).build())),
                    RESERVED_NONZERO);
        }
        for (int bit : new int[] {5, 31}) {
            add(
                    c,
                    "signer info reserved bit " + bit,
                    e -> Scenario.of(
                            e, e.report(e.reportSpec().signerInfo(1 << bit).build())),
                    RESERVED_NONZERO);
        }
        for (int key = 2; key <= 6; key++) {
            int k = key;
            add(
                    c,
                    "reserved SIGNING_KEY value " + key,
                    e -> Scenario.of(
                            e, e.report(e.reportSpec().signerInfo(k << 2).build())),
                    RESERVED_NONZERO);
        }
        int tcbReserved = product.hasFmc() ? 5 : 3; // a byte the product's TCB_VERSION layout reserves
        add(
                c,
                "CURRENT_TCB reserved byte",
                e -> Scenario.of(e, e.resign(TestData.xor(e.report(), 0x38 + tcbReserved, 0x01))),
                RESERVED_NONZERO);
        add(
                c,
                "REPORTED_TCB reserved byte",
                e -> Scenario.of(e, e.resign(TestData.xor(e.report(), 0x180 + tcbReserved, 0x01))),
                RESERVED_NONZERO,
                TCB_MISMATCH);

        // Signature algorithm and encoding.
        for (int algo : new int[] {0, 2, 0x101}) {
            add(
                    c,
                    "signature algorithm " + algo,
                    e -> Scenario.of(e, e.resign(TestData.put32(e.report(), 0x34, algo))),
                    UNSUPPORTED_SIGNATURE_ALGORITHM);
        }
        for (int offset : new int[] {0x04, 0x10, 0x20, 0x50, 0x8F, 0x90, 0xC0, 0xE0, 0x110, 0x140, 0x160, 0x1E8}) {
            add(
                    c,
                    "bit flip in signed byte 0x" + Integer.toHexString(offset),
                    e -> Scenario.of(e, TestData.xor(e.report(), offset, 0x04)),
                    SIGNATURE_INVALID);
        }
        add(c, "r = 0", e -> Scenario.of(e, TestData.fill(e.report(), 0x2A0, 48, 0)), SIGNATURE_OUT_OF_RANGE);
        add(c, "s = 0", e -> Scenario.of(e, TestData.fill(e.report(), 0x2E8, 48, 0)), SIGNATURE_OUT_OF_RANGE);
        add(
                c,
                "r = n",
                e -> Scenario.of(
                        e, TestData.putLittleEndian(e.report(), 0x2A0, BigIntegers.asUnsignedByteArray(P384_N))),
                SIGNATURE_OUT_OF_RANGE);
        add(
                c,
                "s = n + 1",
                e -> Scenario.of(
                        e,
                        TestData.putLittleEndian(
                                e.report(), 0x2E8, BigIntegers.asUnsignedByteArray(P384_N.add(BigInteger.ONE)))),
                SIGNATURE_OUT_OF_RANGE);
        add(
                c,
                "r = 2^384 - 1",
                e -> Scenario.of(e, TestData.fill(e.report(), 0x2A0, 48, 0xFF)),
                SIGNATURE_OUT_OF_RANGE);
        add(
                c,
                "r byte 49 set",
                e -> Scenario.of(e, TestData.xor(e.report(), 0x2A0 + 48, 0x01)),
                SIGNATURE_OUT_OF_RANGE);
        add(
                c,
                "s byte 72 set",
                e -> Scenario.of(e, TestData.xor(e.report(), 0x2E8 + 71, 0x80)),
                SIGNATURE_OUT_OF_RANGE);
        add(c, "r changed within range", e -> Scenario.of(e, TestData.xor(e.report(), 0x2A0, 0x01)), SIGNATURE_INVALID);
        add(
                c,
                "signing key VLEK while the leaf is a VCEK",
                e -> Scenario.of(e, e.report(e.reportSpec().signerInfo(1 << 2).build())),
                SIGNING_KEY_MISMATCH);
        add(
                c,
                "signing key NONE",
                e -> Scenario.of(e, e.report(e.reportSpec().signerInfo(7 << 2).build())),
                SIGNING_KEY_MISMATCH);

        // The chain.
        add(
                c,
                "no development roots: emulator chain refused",
                e -> Scenario.of(e, e.report())
                        .options(VerifierOptions.defaults().withClock(TestData.CLOCK)),
                UNKNOWN_ROOT);
        add(
                c,
                "development root registered for another product",
                e -> Scenario.of(e, e.report())
                        .options(VerifierOptions.defaults()
                                .withClock(TestData.CLOCK)
                                .withDevelopmentRoot(other(product), e.ark())),
                PRODUCT_MISMATCH);
        add(
                c,
                "report checked against another chip's VCEK",
                e -> {
                    SnpEmulator otherChip = e.withVcek(
                            VcekSpec.builder(product, otherId(e), e.vcekSpec().tcb())
                                    .build());
                    return Scenario.of(e, e.report()).chain(otherChip.chain());
                },
                SIGNATURE_INVALID,
                CHIP_ID_MISMATCH);
        add(
                c,
                "VCEK and ASK with only another product's ARK: no issuer of the ASK",
                e -> Scenario.of(e, e.report())
                        .chain(List.of(
                                e.vcek(), e.ask(), Emulated.of(other(product)).ark())),
                MISSING_CERTIFICATE);
        add(
                c,
                "VCEK with only another product's ASK and ARK: no issuer of the VCEK",
                e -> {
                    SnpEmulator o = Emulated.of(other(product));
                    return Scenario.of(e, e.report()).chain(List.of(e.vcek(), o.ask(), o.ark()));
                },
                MISSING_CERTIFICATE);
        add(
                c,
                "intermediate with a tampered key",
                e -> Scenario.of(e, e.report()).chain(List.of(e.vcek(), Tamper.publicKey(e.ask()), e.ark())),
                CHAIN_INVALID);
        add(
                c,
                "intermediate with a tampered signature",
                e -> Scenario.of(e, e.report()).chain(List.of(e.vcek(), Tamper.signature(e.ask()), e.ark())),
                CHAIN_INVALID);
        add(
                c,
                "VCEK with a tampered signature",
                e -> Scenario.of(e, e.report()).chain(List.of(Tamper.signature(e.vcek()), e.ask(), e.ark())),
                CHAIN_INVALID);
        add(
                c,
                "root with a tampered key",
                e -> Scenario.of(e, e.report()).chain(List.of(e.vcek(), e.ask(), Tamper.publicKey(e.ark()))),
                UNKNOWN_ROOT,
                CHAIN_INVALID);
        add(
                c,
                "emulated VCEK alone: AMD's bundled ASK has another name",
                e -> Scenario.of(e, e.report()).chain(List.of(e.vcek())),
                MISSING_CERTIFICATE);
        add(c, "no certificate", e -> Scenario.of(e, e.report()).chain(List.of()), MISSING_CERTIFICATE);
        ChainCases.add(c, product);
        add(
                c,
                "VCEK expired",
                e -> withVcek(
                        e,
                        b -> b.validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"))),
                CERTIFICATE_EXPIRED);
        add(
                c,
                "VCEK not yet valid",
                e -> withVcek(
                        e,
                        b -> b.validity(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2037-01-01T00:00:00Z"))),
                CERTIFICATE_EXPIRED);

        // VLEK: signed through the ASVK, carries csp_id instead of hwID.
        add(c, "VLEK-signed report", e -> vlek(e, b -> b));
        add(
                c,
                "VLEK report claiming the VCEK signed it",
                e -> {
                    SnpEmulator v = vlekEmulator(e, b -> b);
                    return Scenario.of(v, v.report(v.reportSpec().signerInfo(0).build()));
                },
                SIGNING_KEY_MISMATCH);
        add(c, "VLEK without csp_id", e -> vlek(e, b -> b.omit(VcekExtension.CSP_ID)), MISSING_EXTENSION);
        add(
                c,
                "VLEK alone: no ASVK is bundled",
                e -> {
                    Scenario s = vlek(e, b -> b);
                    return s.chain(s.chain.subList(0, 1));
                },
                MISSING_CERTIFICATE);
        add(
                c,
                "VLEK given the ASK instead of the ASVK",
                e -> {
                    Scenario s = vlek(e, b -> b);
                    return s.chain(List.of(s.chain.get(0), e.ask(), e.ark()));
                },
                MISSING_CERTIFICATE);
        add(
                c,
                "VCEK given the ASVK instead of the ASK",
                e -> Scenario.of(e, e.report()).chain(List.of(e.vcek(), e.asvk(), e.ark())),
                MISSING_CERTIFICATE);

        // Extensions and product.
        List<VcekExtension> required = new ArrayList<>(List.of(
                VcekExtension.PRODUCT_NAME,
                VcekExtension.BOOTLOADER_SPL,
                VcekExtension.TEE_SPL,
                VcekExtension.SNP_SPL,
                VcekExtension.MICROCODE_SPL,
                VcekExtension.HW_ID));
        if (product.hasFmc()) {
            required.add(VcekExtension.FMC_SPL);
        }
        for (VcekExtension ext : required) {
            add(c, "VCEK without " + ext, e -> withVcek(e, b -> b.omit(ext)), MISSING_EXTENSION);
        }
        add(c, "productName of no known product", e -> withVcek(e, b -> b.productName("Rome-B0")), UNKNOWN_PRODUCT);
        add(
                c,
                "productName in the wrong case",
                e -> withVcek(e, b -> b.productName(product.displayName().toUpperCase(java.util.Locale.ROOT))),
                UNKNOWN_PRODUCT);
        add(c, "productName with stepping", e -> withVcek(e, b -> b.productName(product.displayName() + "-B1")));
        add(
                c,
                "CPUID of another product",
                e -> {
                    int[] cpuid = product == SnpProduct.MILAN ? new int[] {0x19, 0x11, 0} : new int[] {0x19, 0x01, 0};
                    return Scenario.of(
                            e,
                            e.report(e.reportSpec()
                                    .cpuid(cpuid[0], cpuid[1], cpuid[2])
                                    .build()));
                },
                PRODUCT_MISMATCH);

        // REPORTED_TCB against the VCEK, and against the policy minimum.
        for (String component : components(product)) {
            add(
                    c,
                    "REPORTED_TCB " + component + " rolled back below the VCEK's",
                    e -> Scenario.of(
                            e,
                            e.report(e.reportSpec()
                                    .reportedTcb(bump(e.vcekSpec().tcb(), component, -1))
                                    .build())),
                    TCB_MISMATCH);
            add(
                    c,
                    "REPORTED_TCB " + component + " above the VCEK's",
                    e -> Scenario.of(
                            e,
                            e.report(e.reportSpec()
                                    .reportedTcb(bump(e.vcekSpec().tcb(), component, +1))
                                    .build())),
                    TCB_MISMATCH);
            add(
                    c,
                    "minimum TCB " + component + " above the reported one",
                    e -> Scenario.of(e, e.report())
                            .policy(VerificationPolicy.defaults()
                                    .withMinimumTcb(product, bump(e.vcekSpec().tcb(), component, +1))),
                    TCB_BELOW_MINIMUM);
        }
        add(
                c,
                "CURRENT_TCB above REPORTED_TCB is fine",
                e -> Scenario.of(
                        e,
                        e.report(e.reportSpec()
                                .currentTcb(bump(e.vcekSpec().tcb(), "snp", +1))
                                .build())));
        add(c, "minimum TCB for another product only", e -> Scenario.of(e, e.report())
                .policy(VerificationPolicy.defaults()
                        .withMinimumTcb(other(product), new TcbVersion(0, 255, 255, 255, 255))));

        // CHIP_ID against hwID.
        add(
                c,
                "CHIP_ID first byte differs",
                e -> Scenario.of(e, TestData.xor(e.report(), 0x1A0, 0x01)),
                SIGNATURE_INVALID,
                CHIP_ID_MISMATCH);
        add(
                c,
                "CHIP_ID of another chip, signed",
                e -> Scenario.of(
                        e,
                        e.report(e.reportSpec()
                                .chipId(Arrays.copyOf(otherId(e), 64))
                                .build())),
                CHIP_ID_MISMATCH);
        add(
                c,
                "CHIP_ID last byte set",
                e -> Scenario.of(e, e.resign(TestData.xor(e.report(), 0x1DF, 0x01))),
                CHIP_ID_MISMATCH);
        add(
                c,
                "CHIP_ID masked (all zero), MASK_CHIP_KEY set: the VCEK names the chip",
                e -> Scenario.of(
                        e,
                        e.report(e.reportSpec()
                                .signerInfo(0b10)
                                .chipId(new byte[64])
                                .build())));
        add(
                c,
                "CHIP_ID masked (all zero)",
                e -> Scenario.of(e, e.report(e.reportSpec().chipId(new byte[64]).build())));
        add(
                c,
                "CHIP_ID masked, checked against another chip's VCEK",
                e -> Scenario.of(e, e.report(e.reportSpec().chipId(new byte[64]).build()))
                        .chain(e.withVcek(VcekSpec.builder(
                                                product,
                                                otherId(e),
                                                e.vcekSpec().tcb())
                                        .build())
                                .chain()),
                SIGNATURE_INVALID);
        if (product.hasFmc()) {
            add(
                    c,
                    "Turin CHIP_ID byte 8 (must be zero after the 8-byte id)",
                    e -> Scenario.of(e, e.resign(TestData.xor(e.report(), 0x1A8, 0x01))),
                    CHIP_ID_MISMATCH);
        }

        // Policy.
        add(
                c,
                "debug set",
                e -> Scenario.of(e, e.report(e.reportSpec().policy(0xB0000L).build())),
                DEBUG_ENABLED);
        add(
                c,
                "VMPL 1 when 0 is expected",
                e -> Scenario.of(e, e.report(e.reportSpec().vmpl(1).build())),
                VMPL_MISMATCH);
        add(
                c,
                "VMPL 0 when 3 is expected",
                e -> Scenario.of(e, e.report())
                        .policy(VerificationPolicy.defaults().withExpectedVmpl(3)),
                VMPL_MISMATCH);
        add(
                c,
                "VMPL 0xFFFFFFFF",
                e -> Scenario.of(e, e.report(e.reportSpec().vmpl(-1).build())),
                VMPL_MISMATCH);
        add(
                c,
                "measurement not in the allow-list",
                e -> Scenario.of(
                                e,
                                e.report(e.reportSpec()
                                        .measurement(filled(48, 0x11))
                                        .build()))
                        .policy(VerificationPolicy.defaults().withAllowedMeasurementsHex(List.of("22".repeat(48)))),
                MEASUREMENT_NOT_ALLOWED);
        add(
                c,
                "empty allow-list allows nothing",
                e -> Scenario.of(e, e.report())
                        .policy(VerificationPolicy.defaults().withAllowedMeasurementsHex(List.of())),
                MEASUREMENT_NOT_ALLOWED);
        add(c, "measurement in the allow-list", e -> Scenario.of(
                        e, e.report(e.reportSpec().measurement(filled(48, 0x11)).build()))
                .policy(VerificationPolicy.defaults()
                        .withAllowedMeasurementsHex(List.of("22".repeat(48), "11".repeat(48)))));
        add(
                c,
                "report_data mismatch",
                e -> Scenario.of(
                                e,
                                e.report(e.reportSpec()
                                        .reportData(filled(64, 0x33))
                                        .build()))
                        .policy(VerificationPolicy.defaults().withExpectedReportData(filled(64, 0x34))),
                REPORT_DATA_MISMATCH);
        add(c, "report_data as expected", e -> Scenario.of(
                        e, e.report(e.reportSpec().reportData(filled(64, 0x33)).build()))
                .policy(VerificationPolicy.defaults().withExpectedReportData(filled(64, 0x33))));

        // Revocation.
        add(
                c,
                "CRL revokes the ASK",
                e -> Scenario.of(e, e.report())
                        .options(Emulated.developmentOptions()
                                .withCrl(e.crl(
                                        Instant.parse("2026-01-01T00:00:00Z"),
                                        Instant.parse("2027-01-01T00:00:00Z"),
                                        List.of(e.ask().getSerialNumber())))),
                REVOKED);
        add(
                c,
                "CRL revokes the VCEK serial",
                e -> Scenario.of(e, e.report())
                        .options(Emulated.developmentOptions()
                                .withCrl(e.crl(
                                        Instant.parse("2026-01-01T00:00:00Z"),
                                        Instant.parse("2027-01-01T00:00:00Z"),
                                        List.of(BigInteger.ZERO)))),
                REVOKED);
        add(
                c,
                "stale CRL",
                e -> Scenario.of(e, e.report())
                        .options(Emulated.developmentOptions()
                                .withCrl(e.crl(
                                        Instant.parse("2025-01-01T00:00:00Z"),
                                        Instant.parse("2025-02-01T00:00:00Z"),
                                        List.of()))),
                CRL_INVALID);
        add(
                c,
                "CRL under the root's name but another key",
                e -> {
                    SnpEmulator impostor = Emulated.impostor(product);
                    return Scenario.of(e, e.report())
                            .options(Emulated.developmentOptions()
                                    .withCrl(impostor.crl(
                                            Instant.parse("2026-01-01T00:00:00Z"),
                                            Instant.parse("2027-01-01T00:00:00Z"),
                                            List.of())));
                },
                CRL_INVALID);
        add(c, "another product's CRL does not apply", e -> Scenario.of(e, e.report())
                .options(Emulated.developmentOptions()
                        .withCrl(Emulated.of(other(product))
                                .crl(
                                        Instant.parse("2026-01-01T00:00:00Z"),
                                        Instant.parse("2027-01-01T00:00:00Z"),
                                        List.of(BigInteger.ZERO, e.ask().getSerialNumber())))));
        return c;
    }

    static void add(List<Object[]> cases, String name, Case c, ReasonCode... expected) {
        Set<ReasonCode> set = EnumSet.noneOf(ReasonCode.class);
        set.addAll(Arrays.asList(expected));
        cases.add(new Object[] {name, c, set});
    }

    interface VcekChange {
        VcekSpec.Builder apply(VcekSpec.Builder b);
    }

    /** The default report of {@code e}'s chip, checked against a VCEK for that chip changed by {@code change}. */
    private static Scenario withVcek(SnpEmulator e, VcekChange change) {
        VcekSpec spec = e.vcekSpec();
        SnpEmulator changed = e.withVcek(change.apply(VcekSpec.builder(spec.product(), spec.hwId(), spec.tcb()))
                .build());
        return Scenario.of(changed, changed.report());
    }

    static SnpEmulator vlekEmulator(SnpEmulator e, VcekChange change) {
        VcekSpec spec = e.vcekSpec();
        return e.withVcek(change.apply(VcekSpec.builder(spec.product(), spec.hwId(), spec.tcb())
                        .vlek("depa-test-csp"))
                .build());
    }

    static Scenario vlek(SnpEmulator e, VcekChange change) {
        SnpEmulator v = vlekEmulator(e, change);
        return Scenario.of(v, v.report());
    }

    static SnpProduct other(SnpProduct p) {
        return p == SnpProduct.GENOA ? SnpProduct.MILAN : SnpProduct.GENOA;
    }

    private static byte[] otherId(SnpEmulator e) {
        byte[] id = e.vcekSpec().hwId();
        id[0] ^= 0x5A;
        return id;
    }

    private static List<String> components(SnpProduct p) {
        return p.hasFmc()
                ? List.of("bootloader", "tee", "snp", "microcode", "fmc")
                : List.of("bootloader", "tee", "snp", "microcode");
    }

    static TcbVersion bump(TcbVersion t, String component, int delta) {
        return new TcbVersion(
                t.fmc() + (component.equals("fmc") ? delta : 0),
                t.bootloader() + (component.equals("bootloader") ? delta : 0),
                t.tee() + (component.equals("tee") ? delta : 0),
                t.snp() + (component.equals("snp") ? delta : 0),
                t.microcode() + (component.equals("microcode") ? delta : 0));
    }

    private static byte[] filled(int size, int value) {
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
