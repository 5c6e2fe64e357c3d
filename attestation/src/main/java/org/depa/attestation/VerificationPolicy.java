package org.depa.attestation;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Hex;

/**
 * What the relying party requires of an authentic report, on top of the checks that are never optional.
 *
 * @param allowDebug whether a guest launched with POLICY.DEBUG may be accepted (default false)
 * @param expectedVmpl the VMPL the report must carry, 0..3 (default 0, the most privileged level)
 * @param minimumTcb per product, the lowest acceptable REPORTED_TCB, compared component by component; a product
 *     without an entry has no minimum
 * @param allowedMeasurements lower-case hex of the acceptable launch measurements; empty means "not checked",
 *     while a present empty set accepts no measurement at all
 * @param expectedReportData lower-case hex of the exact 64 REPORT_DATA bytes, when checked
 */
public record VerificationPolicy(
        boolean allowDebug,
        int expectedVmpl,
        Map<SnpProduct, TcbVersion> minimumTcb,
        Optional<Set<String>> allowedMeasurements,
        Optional<String> expectedReportData) {

    private static final Pattern MEASUREMENT_HEX = Pattern.compile("[0-9a-f]{96}");
    private static final Pattern REPORT_DATA_HEX = Pattern.compile("[0-9a-f]{128}");

    public VerificationPolicy {
        if (expectedVmpl < 0 || expectedVmpl > 3) {
            throw new IllegalArgumentException("expectedVmpl must be 0..3, got " + expectedVmpl);
        }
        minimumTcb = Map.copyOf(Objects.requireNonNull(minimumTcb, "minimumTcb"));
        Objects.requireNonNull(allowedMeasurements, "allowedMeasurements");
        Objects.requireNonNull(expectedReportData, "expectedReportData");
        allowedMeasurements = allowedMeasurements.map(VerificationPolicy::normalizeMeasurements);
        expectedReportData = expectedReportData.map(hex -> normalize(hex, REPORT_DATA_HEX, "report data"));
    }

    /** Debug refused, VMPL 0, no minimum TCB, measurement and report data not checked. */
    public static VerificationPolicy defaults() {
        return new VerificationPolicy(false, 0, Map.of(), Optional.empty(), Optional.empty());
    }

    public VerificationPolicy withAllowDebug(boolean allow) {
        return new VerificationPolicy(allow, expectedVmpl, minimumTcb, allowedMeasurements, expectedReportData);
    }

    public VerificationPolicy withExpectedVmpl(int vmpl) {
        return new VerificationPolicy(allowDebug, vmpl, minimumTcb, allowedMeasurements, expectedReportData);
    }

    /** Sets the minimum REPORTED_TCB for reports of {@code product}, replacing any earlier one. */
    public VerificationPolicy withMinimumTcb(SnpProduct product, TcbVersion minimum) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(minimum, "minimum");
        Map<SnpProduct, TcbVersion> next = new EnumMap<>(SnpProduct.class);
        next.putAll(minimumTcb);
        next.put(product, minimum);
        return new VerificationPolicy(allowDebug, expectedVmpl, next, allowedMeasurements, expectedReportData);
    }

    /** Restricts measurements to {@code measurementsHex} (96 hex digits each, either case). */
    public VerificationPolicy withAllowedMeasurementsHex(Collection<String> measurementsHex) {
        Objects.requireNonNull(measurementsHex, "measurementsHex");
        return new VerificationPolicy(
                allowDebug, expectedVmpl, minimumTcb, Optional.of(Set.copyOf(measurementsHex)), expectedReportData);
    }

    /** Requires REPORT_DATA to be exactly these 64 bytes. */
    public VerificationPolicy withExpectedReportData(byte[] reportData) {
        Objects.requireNonNull(reportData, "reportData");
        if (reportData.length != 64) {
            throw new IllegalArgumentException("REPORT_DATA is 64 bytes, got " + reportData.length);
        }
        return new VerificationPolicy(
                allowDebug, expectedVmpl, minimumTcb, allowedMeasurements, Optional.of(Hex.toHexString(reportData)));
    }

    private static Set<String> normalizeMeasurements(Set<String> in) {
        Set<String> out = new HashSet<>();
        for (String hex : in) {
            out.add(normalize(hex, MEASUREMENT_HEX, "measurement"));
        }
        return Set.copyOf(out);
    }

    private static String normalize(String hex, Pattern pattern, String what) {
        String lower = Objects.requireNonNull(hex, what).toLowerCase(Locale.ROOT);
        if (!pattern.matcher(lower).matches()) {
            throw new IllegalArgumentException(
                    what + " must be " + (pattern == MEASUREMENT_HEX ? 96 : 128) + " hex digits");
        }
        return lower;
    }
}
