package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.depa.testkit.GenuineSnpFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Genuine AMD-signed reports: accepted under the default policy, the debug one refused for debug alone. */
class GenuineReportsTest {
    private final SnpVerifier verifier = TestData.verifier();

    static Stream<Arguments> genuine() {
        X509Certificate milanVcek = TestData.milanVcek();
        List<X509Certificate> genoa = TestData.genoaChain();
        return Stream.of(
                Arguments.of(
                        "milan v2, VCEK only (bundled ASK and ARK)",
                        TestData.milanReport(),
                        List.of(milanVcek),
                        "Milan",
                        2,
                        GenuineSnpFixtures.MILAN_MEASUREMENT,
                        TcbVersion.of(3, 0, 8, 0x73)),
                Arguments.of(
                        "milan v2, VCEK + ASK + ARK",
                        TestData.milanReport(),
                        TestData.withAskArk(milanVcek, "ask_ark_milan.pem"),
                        "Milan",
                        2,
                        GenuineSnpFixtures.MILAN_MEASUREMENT,
                        TcbVersion.of(3, 0, 8, 0x73)),
                Arguments.of(
                        "genoa v5, VCEK + ASK + ARK",
                        TestData.genoaReport(),
                        genoa,
                        "Genoa",
                        5,
                        GenuineSnpFixtures.GENOA_MEASUREMENT,
                        TcbVersion.of(10, 0, 0x1B, 0x58)),
                Arguments.of(
                        "genoa v5, VCEK only (bundled ASK and ARK)",
                        TestData.genoaReport(),
                        List.of(genoa.get(0)),
                        "Genoa",
                        5,
                        GenuineSnpFixtures.GENOA_MEASUREMENT,
                        TcbVersion.of(10, 0, 0x1B, 0x58)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("genuine")
    void genuineReportIsAcceptedWithItsFieldsReported(
            String name,
            byte[] report,
            List<X509Certificate> chain,
            String product,
            int version,
            String measurement,
            TcbVersion tcb) {
        Verdict v = verifier.verify(report, chain);

        assertThat(v.reasons()).as(String.join("\n", v.details())).isEmpty();
        assertThat(v.accepted()).isTrue();
        assertThat(v.product()).isEqualTo(product);
        assertThat(v.version()).isEqualTo(version);
        assertThat(v.measurementHex()).isEqualTo(measurement);
        assertThat(v.vmpl()).isZero();
        assertThat(v.reportedTcb()).contains(tcb);
        assertThat(v.debug()).isFalse();
        assertThat(v.signingKey()).isEqualTo("VCEK");
        assertThat(v.policy()).isEqualTo(0x30000L);
    }

    @Test
    void genuineReportBindsChipIdToTheVcekHwId() {
        Verdict v = verifier.verify(TestData.milanReport(), List.of(TestData.milanVcek()));

        assertThat(v.chipIdHex())
                .isEqualTo("d49554ec717f4e5b0fe6b143bcf0405bd7ae304727edf46603f2a76aef6a3abc"
                        + "15d7af38db757039029f0efacfd08e244324884738c72b082e2f87a44d541eb6");
        assertThat(v.reportedTcbHex()).isEqualTo("0300000000000873");
    }

    @Test
    void genuineDebugReportIsRefusedForDebugAndNothingElse() {
        Verdict v = verifier.verify(TestData.milanDebugReport(), List.of(TestData.milanDebugVcek()));

        assertThat(v.reasons()).containsExactly(ReasonCode.DEBUG_ENABLED);
        assertThat(v.accepted()).isFalse();
        assertThat(v.debug()).isTrue();
        assertThat(v.policy()).isEqualTo(0xB0000L);
        assertThat(v.measurementHex()).isEqualTo(GenuineSnpFixtures.MILAN_DEBUG_MEASUREMENT);
    }

    @Test
    void genuineDebugReportIsAcceptedWhenThePolicyAllowsDebug() {
        Verdict v = verifier.verify(
                TestData.milanDebugReport(),
                List.of(TestData.milanDebugVcek()),
                VerificationPolicy.defaults().withAllowDebug(true));

        assertThat(v.reasons()).isEmpty();
        assertThat(v.accepted()).isTrue();
    }

    @Test
    void policyMatchingTheGenuineReportAccepts() {
        byte[] report = TestData.genoaReport();
        byte[] reportData = java.util.Arrays.copyOfRange(report, 0x50, 0x90);
        VerificationPolicy policy = VerificationPolicy.defaults()
                .withExpectedVmpl(0)
                .withMinimumTcb(SnpProduct.GENOA, TcbVersion.of(10, 0, 0x1B, 0x58))
                .withAllowedMeasurementsHex(
                        List.of(GenuineSnpFixtures.GENOA_MEASUREMENT.toUpperCase(java.util.Locale.ROOT)))
                .withExpectedReportData(reportData);

        Verdict v = verifier.verify(report, TestData.genoaChain(), policy);

        assertThat(v.reasons()).isEmpty();
        assertThat(v.reportDataHex()).isEqualTo(org.bouncycastle.util.encoders.Hex.toHexString(reportData));
    }
}
