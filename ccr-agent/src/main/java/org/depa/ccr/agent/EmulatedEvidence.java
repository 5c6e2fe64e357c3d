package org.depa.ccr.agent;

import java.util.Objects;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.SnpEmulator;

/** Reports from the SEV-SNP emulator: VMPL 0, debug off, the given launch measurement. */
final class EmulatedEvidence implements EvidenceSource {
    private final SnpEmulator emulator;
    private final byte[] measurement;

    EmulatedEvidence(SnpEmulator emulator, byte[] measurement) {
        this.emulator = Objects.requireNonNull(emulator, "emulator");
        if (Objects.requireNonNull(measurement, "measurement").length != 48) {
            throw new IllegalArgumentException("a launch measurement is 48 bytes");
        }
        this.measurement = measurement.clone();
    }

    @Override
    public Evidence evidence(byte[] reportData) {
        if (Objects.requireNonNull(reportData, "reportData").length != 64) {
            throw new IllegalArgumentException("REPORT_DATA is 64 bytes");
        }
        byte[] report = emulator.report(emulator.reportSpec()
                .measurement(measurement)
                .reportData(reportData)
                .vmpl(0)
                .build());
        return new Evidence(report, emulator.chain());
    }

    @Override
    public boolean emulated() {
        return true;
    }

    @Override
    public VerifierOptions verifierOptions() {
        return VerifierOptions.defaults().withDevelopmentRoot(emulator.product(), emulator.ark());
    }
}
