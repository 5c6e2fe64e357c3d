package org.depa.attestation;

import java.util.Arrays;
import java.util.Optional;

/**
 * The checks that tie the report to its leaf certificate once the product is known: the product's own TCB
 * layout, CPUID, REPORTED_TCB against the TCB extensions, and CHIP_ID against hwID.
 */
final class ReportBinding {
    private static final int[] TCB_FIELDS = {
        Report.CURRENT_TCB, Report.REPORTED_TCB, Report.COMMITTED_TCB, Report.LAUNCH_TCB
    };

    private ReportBinding() {}

    static void check(Report r, ParsedCertificate leaf, boolean vlek, SnpProduct product, Findings f) {
        for (int offset : TCB_FIELDS) {
            if (!TcbVersion.reservedBytesZero(product, r.slice(offset, TcbVersion.SIZE))) {
                f.refuse(
                        ReasonCode.RESERVED_NONZERO,
                        "reserved bytes of the " + product.displayName() + " TCB_VERSION at 0x"
                                + Integer.toHexString(offset) + " not zero");
            }
        }
        if (r.version() >= 3 && ReportStructure.supportedVersion(r.version())) {
            int family = r.u8(Report.CPUID_FAM_ID);
            int model = r.u8(Report.CPUID_MOD_ID);
            if (!product.matchesCpuid(family, model)) {
                f.refuse(
                        ReasonCode.PRODUCT_MISMATCH,
                        "CPUID family 0x" + Integer.toHexString(family) + " model 0x" + Integer.toHexString(model)
                                + " is not " + product.displayName());
            }
        }
        // REPORTED_TCB, not CURRENT_TCB: the VCEK is derived from (and certified for) the reported TCB, which
        // the host may set below the current one.
        byte[] reported = r.slice(Report.REPORTED_TCB, TcbVersion.SIZE);
        Optional<TcbVersion> certified = LeafExtensions.tcb(leaf, product, f);
        if (certified.isPresent() && !Arrays.equals(certified.get().toBytes(product), reported)) {
            f.refuse(
                    ReasonCode.TCB_MISMATCH,
                    "leaf certifies " + certified.get() + ", report says " + TcbVersion.fromBytes(product, reported));
        }
        if (vlek) {
            // A VLEK is shared by a provider's machines and carries no hwID to compare.
            LeafExtensions.requireCspId(leaf, f);
            return;
        }
        Optional<byte[]> hwId = LeafExtensions.hwId(leaf, product, f);
        if (hwId.isPresent()) {
            byte[] chipId = r.slice(Report.CHIP_ID, Report.CHIP_ID_SIZE);
            byte[] expected = Arrays.copyOf(hwId.get(), Report.CHIP_ID_SIZE); // Turin: 8 bytes, then zeros
            // A host that sets MASK_CHIP_ID makes the firmware write zeros; the chip is then the one whose VCEK
            // signed, named by its hwID (the verdict reports that), as go-sev-guest also decides.
            if (!masked(chipId) && !Arrays.equals(chipId, expected)) {
                f.refuse(ReasonCode.CHIP_ID_MISMATCH, "CHIP_ID is not the leaf's hwID");
            }
        }
    }

    /** Whether CHIP_ID is all zero, as the firmware writes it when the host set MASK_CHIP_ID. */
    static boolean masked(byte[] chipId) {
        for (byte b : chipId) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The chip a VCEK-signed report comes from: CHIP_ID, or the VCEK's hwID when CHIP_ID is masked. */
    static byte[] chip(Report r, Optional<ParsedCertificate> vcek, Optional<SnpProduct> product) {
        byte[] chipId = r.slice(Report.CHIP_ID, Report.CHIP_ID_SIZE);
        if (!masked(chipId) || vcek.isEmpty() || product.isEmpty()) {
            return chipId;
        }
        try {
            return LeafExtensions.hwId(vcek.get(), product.get(), new Findings())
                    .map(id -> Arrays.copyOf(id, Report.CHIP_ID_SIZE))
                    .orElse(chipId);
        } catch (RuntimeException e) {
            return chipId; // a malformed hwID is refused by the checks; the verdict shows the report's zeros
        }
    }
}
