package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.attestation.ReasonCode.CERTIFICATE_EXPIRED;
import static org.depa.attestation.ReasonCode.CHIP_ID_MISMATCH;
import static org.depa.attestation.ReasonCode.PRODUCT_MISMATCH;
import static org.depa.attestation.ReasonCode.SIGNATURE_INVALID;
import static org.depa.attestation.ReasonCode.TCB_MISMATCH;
import static org.depa.attestation.ReasonCode.VMPL_MISMATCH;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Genuine reports of other products and clouds (Turin, Azure, GCP, an AWS VLEK), each with the verdict it must
 * get and why. The files are published test data of other projects; they are not kept in this repository but in
 * the directory named by {@code -Ddepa.snp.interop}, or else {@code shared/data/snp-interop} above the working
 * directory. Its SOURCES.md names the origin of each file. Without that directory these rows are skipped.
 */
class GenuineInteropTest {
    private static final Instant NOW = TestData.CLOCK.instant(); // 2026-11-01
    // Inside the AWS VLEK's one-year validity (2024-12-10 to 2025-12-10).
    private static final Instant VLEK_VALID = Instant.parse("2025-06-01T00:00:00Z");

    record Row(String name, String report, List<String> certs, Instant at, int vmpl, Set<ReasonCode> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void genuineReportGetsItsVerdict(Row row) {
        Path dir = directory().orElse(null);
        Assumptions.assumeTrue(dir != null, "no snp-interop fixture directory (see this class's comment)");
        List<X509Certificate> chain = new ArrayList<>();
        for (String file : row.certs()) {
            chain.addAll(certs(dir.resolve(file)));
        }
        SnpVerifier verifier =
                SnpVerifier.create(VerifierOptions.defaults().withClock(Clock.fixed(row.at(), ZoneOffset.UTC)));

        Verdict v = verifier.verify(
                bytes(dir.resolve(row.report())),
                chain,
                VerificationPolicy.defaults().withExpectedVmpl(row.vmpl()));

        assertThat(v.reasons()).as(String.join("\n", v.details())).containsExactlyInAnyOrderElementsOf(row.expected());
        assertThat(v.accepted()).isEqualTo(row.expected().isEmpty());
    }

    static Stream<Arguments> rows() {
        List<Row> r = new ArrayList<>();
        // Turin, report version 5, PLATFORM_INFO 0x65: bit 6 (IOMMU_WRITE_SAFE) is defined by the current ABI.
        r.add(row(
                "Turin v5 (Azure): VCEK alone, bundled ASK and ARK",
                "turin-v5-azure-report.bin",
                List.of("turin-v5-azure-vcek.pem"),
                NOW,
                0));
        r.add(row(
                "Turin v5: VCEK after an ASK+ARK+ASVK bundle",
                "turin-v5-azure-report.bin",
                List.of("turin-ask-ark-asvk.pem", "turin-v5-azure-vcek.pem"),
                NOW,
                0));
        r.add(row(
                "Turin v5: VCEK with another product's bundle as extras",
                "turin-v5-azure-report.bin",
                List.of("genoa-ask-ark-asvk.pem", "turin-v5-azure-vcek.pem", "milan-ask-ark-asvk.pem"),
                NOW,
                0));
        r.add(row(
                "Turin v5 against a Milan VCEK",
                "turin-v5-azure-report.bin",
                List.of("milan-v3-azure-vcek.pem"),
                NOW,
                0,
                SIGNATURE_INVALID,
                PRODUCT_MISMATCH,
                TCB_MISMATCH,
                CHIP_ID_MISMATCH,
                ReasonCode.RESERVED_NONZERO));
        // Azure (Milan and Genoa, report version 3, guest policy ABI 0.31).
        r.add(row(
                "Milan v3 (Azure): VCEK alone",
                "milan-v3-azure-report.bin",
                List.of("milan-v3-azure-vcek.pem"),
                NOW,
                0));
        r.add(row(
                "Genoa v3 (Azure): VCEK then an ASK+ARK+ASVK bundle",
                "genoa-v3-azure-report.bin",
                List.of("genoa-v3-azure-vcek.pem", "genoa-ask-ark-asvk.pem"),
                NOW,
                0));
        r.add(row(
                "Genoa v3 (Azure vTPM HCL report)",
                "genoa-v3-azure-hcl-report.bin",
                List.of("genoa-v3-azure-hcl-vcek.pem"),
                NOW,
                0));
        r.add(row(
                "Milan v2 (Azure vTPM HCL report): VCEK, ASK, ARK",
                "milan-v2-azure-hcl-report.bin",
                List.of("milan-v2-azure-hcl-chain.pem"),
                NOW,
                0));
        // GCP (Milan, report version 5).
        r.add(row(
                "Milan v5 (GCP): VCEK, ASK, ARK",
                "milan-v5-gcp-report.bin",
                List.of("milan-v5-gcp-vcek.pem", "milan-v5-gcp-ask-ark.pem"),
                NOW,
                0));
        r.add(row(
                "Milan v5 (GCP): ASK, ARK, VCEK",
                "milan-v5-gcp-report.bin",
                List.of("milan-v5-gcp-ask-ark.pem", "milan-v5-gcp-vcek.pem"),
                NOW,
                0));
        // Milan v2 from a KDS-fetched VCEK.
        r.add(row(
                "Milan v2 (trustee fixture)",
                "milan-v2-trustee-report.bin",
                List.of("milan-v2-trustee-vcek.der"),
                NOW,
                0));
        // AWS: VLEK-signed (SIGNING_KEY 1), CHIP_ID masked, VMPL 1; the VLEK is valid for one year.
        r.add(row(
                "AWS VLEK (Milan v3): VLEK alone, bundled ASVK and ARK",
                "milan-v3-aws-vlek-report.bin",
                List.of("milan-v3-aws-vlek.der"),
                VLEK_VALID,
                1));
        r.add(row(
                "AWS VLEK: ASK+ARK+ASVK bundle, then the VLEK",
                "milan-v3-aws-vlek-report.bin",
                List.of("milan-ask-ark-asvk.pem", "milan-v3-aws-vlek.der"),
                VLEK_VALID,
                1));
        r.add(row(
                "AWS VLEK: VLEK first, bundle twice",
                "milan-v3-aws-vlek-report.bin",
                List.of("milan-v3-aws-vlek.der", "milan-ask-ark-asvk.pem", "milan-ask-ark-asvk.pem"),
                VLEK_VALID,
                1));
        r.add(row(
                "AWS VLEK expired: the reason is the expiry, whatever the bundle",
                "milan-v3-aws-vlek-report.bin",
                List.of("milan-ask-ark-asvk.pem", "milan-v3-aws-vlek.der"),
                NOW,
                1,
                CERTIFICATE_EXPIRED));
        r.add(row(
                "AWS VLEK at VMPL 1 when 0 is expected",
                "milan-v3-aws-vlek-report.bin",
                List.of("milan-v3-aws-vlek.der"),
                VLEK_VALID,
                0,
                VMPL_MISMATCH));
        return r.stream().map(Arguments::of);
    }

    private static Row row(String name, String report, List<String> certs, Instant at, int vmpl, ReasonCode... why) {
        Set<ReasonCode> expected = EnumSet.noneOf(ReasonCode.class);
        expected.addAll(Arrays.asList(why));
        return new Row(name, report, certs, at, vmpl, expected);
    }

    /** The fixture directory, if there is one. */
    static Optional<Path> directory() {
        String property = System.getProperty("depa.snp.interop");
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property)).filter(Files::isDirectory);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(Path.of("shared", "data", "snp-interop"));
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<X509Certificate> certs(Path file) {
        try {
            return CertificateLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
