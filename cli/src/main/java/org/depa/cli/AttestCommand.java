package org.depa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.depa.attestation.CertificateLoader;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code depa attest}: attestation tools for auditors and operators. */
@Command(name = "attest", description = "SEV-SNP attestation tools.", subcommands = AttestCommand.Verify.class)
final class AttestCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * {@code depa attest verify}: one JSON object on stdout; exit 0 ACCEPT, 1 REJECT, 2 on a usage
     * or input-file error. Default policy: VMPL 0, debug refused, AMD's pinned roots only.
     */
    @Command(
            name = "verify",
            description = "Verify an AMD SEV-SNP attestation report against AMD's roots and a policy.")
    static final class Verify implements Callable<Integer> {
        static final int ACCEPT = 0;
        static final int REJECT = 1;
        static final int INPUT_ERROR = 2;

        @Option(names = "--report", required = true, description = "The 1184-byte ATTESTATION_REPORT.")
        Path report;

        @Option(
                names = "--certs",
                required = true,
                description = "DER or PEM certificates (VCEK or VLEK, and any of AMD's ASK, ASVK, ARK) in any order;"
                        + " repeatable. AMD's ASK, ASVK and ARK are bundled, so the VCEK or VLEK alone will do.")
        List<Path> certs;

        @Option(names = "--measurement", description = "An allowed launch measurement (96 hex digits); repeatable.")
        List<String> measurements = new ArrayList<>();

        @Option(names = "--report-data", description = "The expected REPORT_DATA (128 hex digits).")
        String reportData;

        @Option(names = "--vmpl", description = "The expected VMPL (default 0).")
        int vmpl;

        @Option(
                names = "--allow-debug",
                description = "Accept guests whose policy allows debugging (never in production).")
        boolean allowDebug;

        @Override
        public Integer call() throws IOException {
            byte[] reportBytes;
            List<X509Certificate> chain = new ArrayList<>();
            VerificationPolicy policy;
            try {
                if (vmpl < 0 || vmpl > 3) {
                    throw new IllegalArgumentException("--vmpl must be 0, 1, 2 or 3, got " + vmpl);
                }
                policy = VerificationPolicy.defaults().withExpectedVmpl(vmpl).withAllowDebug(allowDebug);
                reportBytes = Inputs.read(report, Inputs.REPORT_MAX, "report");
                for (Path p : certs) {
                    chain.addAll(CertificateLoader.parse(Inputs.read(p, Inputs.CERTIFICATES_MAX, "certificates")));
                }
                if (!measurements.isEmpty()) {
                    List<String> lower = new ArrayList<>();
                    for (String m : measurements) {
                        lower.add(hex("--measurement", m, 48));
                    }
                    policy = policy.withAllowedMeasurementsHex(lower);
                }
                if (reportData != null) {
                    policy = policy.withExpectedReportData(
                            HexFormat.of().parseHex(hex("--report-data", reportData, 64)));
                }
            } catch (CertificateException | IllegalArgumentException | UsageError e) {
                System.err.println("depa attest verify: " + e.getMessage());
                return INPUT_ERROR;
            }
            Verdict v = SnpVerifier.create().verify(reportBytes, chain, policy);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("verdict", v.accepted() ? "ACCEPT" : "REJECT");
            out.put("reasons", v.reasons().stream().map(Enum::name).toList());
            out.put("product", v.product());
            out.put("version", v.version());
            out.put("measurement", v.measurementHex());
            out.put("reportData", v.reportDataHex());
            out.put("vmpl", v.vmpl());
            out.put("reportedTcb", v.reportedTcbHex());
            out.put("chipId", v.chipIdHex());
            out.put("policy", "0x" + Long.toHexString(v.policy()));
            out.put("debug", v.debug());
            out.put("details", v.details());
            System.out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(out));
            return v.accepted() ? ACCEPT : REJECT;
        }

        private static String hex(String option, String value, int bytes) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.length() != bytes * 2 || !lower.matches("[0-9a-f]*")) {
                throw new IllegalArgumentException(option + " must be " + bytes * 2 + " hex digits");
            }
            return lower;
        }
    }
}
