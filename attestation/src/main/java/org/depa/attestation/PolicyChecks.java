package org.depa.attestation;

import java.util.Optional;
import java.util.Set;
import org.bouncycastle.util.encoders.Hex;

/** The relying party's requirements, applied to the report's fields whether or not it is authentic. */
final class PolicyChecks {
    private PolicyChecks() {}

    static void check(Report r, Optional<SnpProduct> product, VerificationPolicy policy, Findings f) {
        if ((r.policy() & Report.POLICY_DEBUG) != 0 && !policy.allowDebug()) {
            f.refuse(ReasonCode.DEBUG_ENABLED, "guest POLICY.DEBUG is set: the host can read guest memory");
        }
        if (r.vmpl() != policy.expectedVmpl()) {
            f.refuse(
                    ReasonCode.VMPL_MISMATCH,
                    "VMPL " + Integer.toUnsignedString(r.vmpl()) + ", expected " + policy.expectedVmpl());
        }
        product.ifPresent(p -> {
            TcbVersion minimum = policy.minimumTcb().get(p);
            if (minimum != null) {
                TcbVersion reported = TcbVersion.fromBytes(p, r.slice(Report.REPORTED_TCB, TcbVersion.SIZE));
                if (!reported.isAtLeast(minimum)) {
                    f.refuse(ReasonCode.TCB_BELOW_MINIMUM, "reported " + reported + " is below " + minimum);
                }
            }
        });
        String measurement = Hex.toHexString(r.slice(Report.MEASUREMENT, Report.MEASUREMENT_SIZE));
        Optional<Set<String>> allowed = policy.allowedMeasurements();
        if (allowed.isPresent() && !allowed.get().contains(measurement)) {
            f.refuse(ReasonCode.MEASUREMENT_NOT_ALLOWED, "measurement " + measurement + " is not allowed");
        }
        String reportData = Hex.toHexString(r.slice(Report.REPORT_DATA, Report.REPORT_DATA_SIZE));
        if (policy.expectedReportData().isPresent()
                && !policy.expectedReportData().get().equals(reportData)) {
            f.refuse(ReasonCode.REPORT_DATA_MISMATCH, "REPORT_DATA is not the expected value");
        }
    }
}
