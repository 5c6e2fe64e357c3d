package org.depa.ccr.agent;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.SnpEmulator;

/**
 * Where the agent gets SEV-SNP attestation reports: the Linux configfs-tsm interface inside a real
 * SEV-SNP guest, or the emulator on machines without the hardware. An emulated report is trusted
 * by nobody unless they pass the emulator's root under an explicit development switch.
 */
public interface EvidenceSource {

    /**
     * A fresh report whose REPORT_DATA is {@code reportData} (exactly 64 bytes), with the
     * certificate chain that signs it, leaf first.
     */
    Evidence evidence(byte[] reportData);

    /** True when reports come from the emulator (development only). */
    boolean emulated();

    /**
     * How to verify this source's own reports: AMD's roots for real hardware; the emulator's root,
     * as a development root, for emulated ones.
     */
    default VerifierOptions verifierOptions() {
        return VerifierOptions.defaults();
    }

    /** A report and its certificate chain. */
    record Evidence(byte[] report, List<X509Certificate> chain) {
        public Evidence {
            report = Objects.requireNonNull(report, "report").clone();
            chain = List.copyOf(chain);
        }

        @Override
        public byte[] report() {
            return report.clone();
        }
    }

    /** The kernel's configfs-tsm report interface under {@code reportRoot} (usually /sys/kernel/config/tsm/report). */
    static EvidenceSource configfsTsm(Path reportRoot) {
        return new ConfigfsTsmEvidence(reportRoot);
    }

    /** The emulator, for a guest launched with {@code measurement} (48 bytes). */
    static EvidenceSource emulated(SnpEmulator emulator, byte[] measurement) {
        return new EmulatedEvidence(emulator, measurement);
    }
}
