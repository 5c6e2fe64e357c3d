package org.depa.ccr.agent;

import java.util.Objects;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.RunBinding;

/**
 * The clean room's own evidence, fresh on every invocation: a report whose REPORT_DATA binds the
 * run id, the contract and the run key ({@link RunBinding}), checked here as a TDP's bridge will
 * check it. The measurement it proves is what the contract must allow.
 */
final class SelfAttestation {
    /**
     * What the evidence established.
     *
     * @param measurementHex the launch measurement the verified report carries
     * @param startReportSha256 the hash of the report the run's start records: the one the journal
     *     kept when a start was already under way, else this report's
     * @param chipIdHex the chip this clean room runs on, as the verified report names it (all zero: a VLEK-signed
     *     report, no chip identity); the run's start records it and every key release must come from it
     * @param reportedTcbHex REPORTED_TCB of the verified report, recorded and re-checked alike
     * @param runKey the run key the report binds, signing each key-release request
     */
    record Attested(
            String measurementHex,
            String startReportSha256,
            String chipIdHex,
            String reportedTcbHex,
            RunKeySigner runKey) {}

    private final EvidenceSource evidence;
    private final Agent.Settings settings;

    SelfAttestation(EvidenceSource evidence, Agent.Settings settings) {
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    Attested attest(RunJournal.State journal) {
        byte[] startData = RunBinding.reportData(settings.runId(), settings.contractId(), journal.runPublicKeyPem());
        EvidenceSource.Evidence start = evidence.evidence(startData);
        Verdict own = SnpVerifier.create(evidence.verifierOptions())
                .verify(
                        start.report(),
                        start.chain(),
                        VerificationPolicy.defaults().withExpectedReportData(startData));
        if (!own.accepted()) {
            throw new AgentException(
                    Stage.ATTESTATION, "this clean room's own report does not verify: " + own.reasons());
        }
        String startReportSha256 =
                journal.startReportSha256() != null ? journal.startReportSha256() : Hashes.sha256Hex(start.report());
        LocalSigner signer = LocalSigner.fromPem(journal.runKeyPem());
        return new Attested(
                own.measurementHex(), startReportSha256, own.chipIdHex(), own.reportedTcbHex(), signer::sign);
    }
}
