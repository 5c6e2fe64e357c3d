package org.depa.attestation;

/**
 * The checks that need nothing but the report bytes: version, reserved fields and bits, signature algorithm and
 * the encoding of r and s. A reserved byte that is not zero matters even outside the signed range: a verifier
 * that ignores it accepts reports that genuine firmware never produced.
 */
final class ReportStructure {
    static final int SIGNING_KEY_VCEK = 0;
    static final int SIGNING_KEY_VLEK = 1;
    static final int SIGNING_KEY_NONE = 7;

    private static final int ECDSA_P384_SHA384 = 1;

    // PLATFORM_INFO bits the newest firmware ABI defines: SMT_EN, TSME_EN, ECC_EN, RAPL_DIS, CIPHERTEXT_HIDING_EN,
    // ALIAS_CHECK_COMPLETE (0..5), IOMMU_WRITE_SAFE (6, set by Turin firmware, see AMD-SB-3016) and TIO_EN (7).
    // Bits 63:8 are reserved. They describe the platform; which of them a relying party requires is policy.
    private static final long PLATFORM_INFO_DEFINED = 0xFFL;

    // Guest POLICY: bits 15:0 ABI version, 16..25 defined flags, bit 17 reserved and must be one, 63:26 reserved.
    private static final long POLICY_MUST_BE_ONE = 1L << 17;
    private static final long POLICY_DEFINED = (1L << 26) - 1;

    // SIGNER_INFO (0x48): AUTHOR_KEY_EN bit 0, MASK_CHIP_KEY bit 1, SIGNING_KEY bits 4:2, 31:5 reserved.
    private static final int SIGNER_INFO_DEFINED = 0b1_1111;

    private ReportStructure() {}

    static boolean supportedVersion(int version) {
        return version == 2 || version == 3 || version == 5;
    }

    static int signingKey(Report r) {
        return (r.signerInfo() >>> 2) & 7;
    }

    static void check(Report r, Findings f) {
        int version = r.version();
        if (!supportedVersion(version)) {
            f.refuse(ReasonCode.UNSUPPORTED_VERSION, "report version " + Integer.toUnsignedString(version));
        }
        checkPolicy(r.policy(), f);
        if ((r.platformInfo() & ~PLATFORM_INFO_DEFINED) != 0) {
            f.refuse(
                    ReasonCode.RESERVED_NONZERO,
                    "reserved PLATFORM_INFO bits 63:8 set: 0x" + Long.toHexString(r.platformInfo()));
        }
        checkSignerInfo(r, f);
        checkReservedRanges(r, version, f);
        checkSignatureEncoding(r, f);
    }

    private static void checkPolicy(long policy, Findings f) {
        if ((policy & POLICY_MUST_BE_ONE) == 0) {
            f.refuse(ReasonCode.RESERVED_NONZERO, "guest POLICY bit 17 is reserved and must be one");
        }
        if ((policy & ~POLICY_DEFINED) != 0) {
            f.refuse(
                    ReasonCode.RESERVED_NONZERO, "reserved guest POLICY bits 63:26 set: 0x" + Long.toHexString(policy));
        }
    }

    private static void checkSignerInfo(Report r, Findings f) {
        int info = r.signerInfo();
        if ((info & ~SIGNER_INFO_DEFINED) != 0) {
            f.refuse(ReasonCode.RESERVED_NONZERO, "reserved bits 31:5 at 0x48 set: 0x" + Integer.toHexString(info));
        }
        int key = signingKey(r);
        if (key != SIGNING_KEY_VCEK && key != SIGNING_KEY_VLEK && key != SIGNING_KEY_NONE) {
            f.refuse(ReasonCode.RESERVED_NONZERO, "SIGNING_KEY value " + key + " is reserved");
        }
    }

    private static void checkReservedRanges(Report r, int version, Findings f) {
        zero(r, 0x4C, 0x50, f);
        // Version 2 reserves 0x188..0x1A0; version 3 put CPUID_FAM_ID, CPUID_MOD_ID and CPUID_STEP at 0x188..0x18B.
        // An unknown version is checked with the ranges every known version reserves.
        zero(r, version == 2 ? 0x188 : 0x18B, 0x1A0, f);
        zero(r, 0x1EB, 0x1EC, f);
        zero(r, 0x1EF, 0x1F0, f);
        // Version 5 put LAUNCH_MIT_VECTOR and CURRENT_MIT_VECTOR at 0x1F8..0x208.
        zero(r, version == 2 || version == 3 ? 0x1F8 : 0x208, Report.SIGNED_LENGTH, f);
        zero(r, Report.SIGNATURE_RESERVED, Report.SIZE, f);
    }

    private static void zero(Report r, int from, int to, Findings f) {
        if (!r.zero(from, to)) {
            f.refuse(
                    ReasonCode.RESERVED_NONZERO,
                    "reserved bytes [0x" + Integer.toHexString(from) + ", 0x" + Integer.toHexString(to) + ") not zero");
        }
    }

    private static void checkSignatureEncoding(Report r, Findings f) {
        int algo = r.signatureAlgo();
        if (algo != ECDSA_P384_SHA384) {
            f.refuse(
                    ReasonCode.UNSUPPORTED_SIGNATURE_ALGORITHM,
                    "SIGNATURE_ALGO " + Integer.toUnsignedString(algo) + ", only 1 (ECDSA P-384 SHA-384) is accepted");
            return;
        }
        for (int field : new int[] {Report.SIGNATURE_R, Report.SIGNATURE_S}) {
            if (!r.zero(field + Report.SIGNATURE_COMPONENT_BYTES, field + Report.SIGNATURE_COMPONENT_FIELD)) {
                f.refuse(
                        ReasonCode.SIGNATURE_OUT_OF_RANGE,
                        (field == Report.SIGNATURE_R ? "r" : "s") + " has bytes set beyond its 48 significant ones");
            }
        }
    }
}
