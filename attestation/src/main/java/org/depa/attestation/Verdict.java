package org.depa.attestation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying one report. {@code accepted} is true exactly when {@code reasons} is empty; the
 * constructor enforces that so no caller can build an accepting verdict that carries a refusal.
 *
 * <p>The report fields are what the report says; when a verdict refuses they are information only, never
 * evidence. Fields that could not be read (a report of the wrong length) are empty strings, -1, or empty.
 *
 * @param accepted whether every check passed
 * @param reasons every refusal reason found, each once, in the order found
 * @param details one human-readable line per finding, for logs; not for programmatic use
 * @param product "Milan", "Genoa" or "Turin" as decided by the leaf's productName, or "" if undetermined
 * @param version the report VERSION field, or -1
 * @param measurementHex the 48-byte launch MEASUREMENT, lower-case hex
 * @param reportDataHex the 64-byte REPORT_DATA, lower-case hex
 * @param vmpl the VMPL field, or -1
 * @param reportedTcb REPORTED_TCB decoded in the product's layout, when the product is known
 * @param reportedTcbHex the raw 8 bytes of REPORTED_TCB, lower-case hex
 * @param chipIdHex the chip, 64 bytes lower-case hex: CHIP_ID; when the host masked it (all zero) and a VCEK
 *     signed, the VCEK's hwID (Turin: 8 bytes then zeros), since that key is the chip's; all zero for a masked
 *     VLEK-signed report, which names no chip
 * @param policy the guest POLICY field
 * @param debug whether guest POLICY bit 19 (DEBUG) is set
 * @param signingKey "VCEK" or "VLEK" as the leaf certificate says, or ""
 */
public record Verdict(
        boolean accepted,
        List<ReasonCode> reasons,
        List<String> details,
        String product,
        int version,
        String measurementHex,
        String reportDataHex,
        int vmpl,
        Optional<TcbVersion> reportedTcb,
        String reportedTcbHex,
        String chipIdHex,
        long policy,
        boolean debug,
        String signingKey) {

    public Verdict {
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
        details = List.copyOf(Objects.requireNonNull(details, "details"));
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(measurementHex, "measurementHex");
        Objects.requireNonNull(reportDataHex, "reportDataHex");
        Objects.requireNonNull(reportedTcb, "reportedTcb");
        Objects.requireNonNull(reportedTcbHex, "reportedTcbHex");
        Objects.requireNonNull(chipIdHex, "chipIdHex");
        Objects.requireNonNull(signingKey, "signingKey");
        if (accepted != reasons.isEmpty()) {
            throw new IllegalArgumentException("a verdict is accepted exactly when it has no reasons");
        }
    }

    /** Whether {@code code} is among the reasons. */
    public boolean has(ReasonCode code) {
        return reasons.contains(code);
    }
}
