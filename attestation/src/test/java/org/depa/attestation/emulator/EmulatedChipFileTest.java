package org.depa.attestation.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatedChipFileTest {
    @TempDir
    Path dir;

    @Test
    void aSavedChipSignsReportsTheOriginalsRootAcceptsWithTheSameChipAndTcb() throws Exception {
        SnpEmulator original = SnpEmulator.create(SnpProduct.MILAN);
        Path file = dir.resolve("chip.properties");
        EmulatedChipFile.save(original, file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        SnpEmulator loaded = EmulatedChipFile.load(file);
        byte[] reportData = new byte[64];
        reportData[0] = 7;
        byte[] report =
                loaded.report(loaded.reportSpec().reportData(reportData).vmpl(0).build());
        Verdict v = SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, original.ark()))
                .verify(report, loaded.chain(), VerificationPolicy.defaults().withExpectedReportData(reportData));
        Verdict o = SnpVerifier.create(VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, original.ark()))
                .verify(
                        original.report(original.reportSpec()
                                .reportData(reportData)
                                .vmpl(0)
                                .build()),
                        original.chain(),
                        VerificationPolicy.defaults().withExpectedReportData(reportData));
        assertThat(v.accepted()).as(v.reasons().toString()).isTrue();
        assertThat(v.chipIdHex()).isEqualTo(o.chipIdHex());
        assertThat(v.reportedTcbHex()).isEqualTo(o.reportedTcbHex());
        assertThat(loaded.ark()).isEqualTo(original.ark());
    }

    @Test
    void aFileMissingAnEntryIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("chip.properties");
        EmulatedChipFile.save(SnpEmulator.create(SnpProduct.MILAN), file);
        String text = Files.readString(file).replaceAll("(?m)^vcekKey=.*$", "");
        Files.writeString(file, text);
        assertThatThrownBy(() -> EmulatedChipFile.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vcekKey' is missing");
    }
}
