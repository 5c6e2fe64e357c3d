package org.depa.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GenuineSnpFixturesTest {
    /** Where ATTESTATION_REPORT keeps the 48-byte launch MEASUREMENT (AMD SEV-SNP ABI, table 22). */
    private static final int MEASUREMENT_OFFSET = 0x90;

    private static final int REPORT_SIZE = 1184;

    static Stream<Arguments> reports() {
        return Stream.of(
                Arguments.of(GenuineSnpFixtures.MILAN_REPORT, GenuineSnpFixtures.MILAN_MEASUREMENT),
                Arguments.of(GenuineSnpFixtures.MILAN_DEBUG_REPORT, GenuineSnpFixtures.MILAN_DEBUG_MEASUREMENT),
                Arguments.of(GenuineSnpFixtures.GENOA_REPORT, GenuineSnpFixtures.GENOA_MEASUREMENT));
    }

    @ParameterizedTest
    @MethodSource("reports")
    void eachMeasurementConstantIsTheOneInItsReport(String report, String measurement) throws Exception {
        byte[] bytes = Files.readAllBytes(GenuineSnpFixtures.file(report));
        assertThat(bytes).hasSize(REPORT_SIZE);
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(bytes, MEASUREMENT_OFFSET, MEASUREMENT_OFFSET + 48)))
                .isEqualTo(measurement);
    }

    @Test
    void everyNamedCertificateFileIsThere() {
        for (String name : new String[] {
            GenuineSnpFixtures.MILAN_VCEK, GenuineSnpFixtures.MILAN_DEBUG_VCEK, GenuineSnpFixtures.GENOA_VCEK_CHAIN
        }) {
            assertThat(GenuineSnpFixtures.file(name)).isRegularFile().isNotEmptyFile();
        }
        assertThat(GenuineSnpFixtures.directory()).endsWith(java.nio.file.Path.of("src", "test", "resources", "snp"));
    }
}
