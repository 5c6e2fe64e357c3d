package org.depa.ccr.cleanroom;

import org.depa.attestation.VerifierOptions;
import org.depa.ccr.agent.EvidenceSource;

/**
 * One report at a time: the runs of a job over several contracts attest concurrently, and
 * configfs-tsm refuses a report whose generation another writer changed meanwhile.
 */
final class SerialEvidence implements EvidenceSource {
    private final EvidenceSource inner;

    SerialEvidence(EvidenceSource inner) {
        this.inner = inner;
    }

    @Override
    public synchronized Evidence evidence(byte[] reportData) {
        return inner.evidence(reportData);
    }

    @Override
    public boolean emulated() {
        return inner.emulated();
    }

    @Override
    public VerifierOptions verifierOptions() {
        return inner.verifierOptions();
    }
}
