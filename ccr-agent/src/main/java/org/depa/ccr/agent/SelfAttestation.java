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
     * @param startReport the report bound to this run and run key, which runs:start carries
     * @param startChainPem its certificate chain as PEM, which runs:start carries
     * @param startReportSha256 the SHA-256 of {@code startReport}, which the ledger computes and records
     * @param chipIdHex the chip this clean room runs on, as the verified report names it (all zero: a VLEK-signed
     *     report, no chip identity); the run's start records it and every key release must come from it
     * @param reportedTcbHex REPORTED_TCB of the verified report, recorded and re-checked alike
     * @param runKey the run key the report binds, signing each key-release request
     */
    record Attested(
            String measurementHex,
            byte[] startReport,
            String startChainPem,
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
        LocalSigner signer = LocalSigner.fromPem(journal.runKeyPem());
        byte[] report = start.report();
        return new Attested(
                own.measurementHex(),
                report,
                BridgeKeySource.pem(start.chain()),
                Hashes.sha256Hex(report),
                own.chipIdHex(),
                own.reportedTcbHex(),
                signer::sign);
    }
}
