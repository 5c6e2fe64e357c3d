package org.depa.ccr.agent;

import java.io.PrintStream;
import org.depa.ledger.client.TypedLedger;

/**
 * The run's steps, wired once from the agent's collaborators, each given only what it works with.
 * {@link RunLoop} performs them in the journal's order.
 */
record RunSteps(
        Admission admission,
        RunStarter starter,
        TrainingStep training,
        OutputSealer sealer,
        ReceiptWriter receipts,
        FailureRecorder failures) {

    static RunSteps wire(
            Agent.Settings settings,
            TypedLedger ledger,
            EvidenceSource evidence,
            KeySource keys,
            CiphertextSource ciphertexts,
            SpecSource specs,
            Trainer trainer,
            PrintStream log) {
        RunRecords records = new RunRecords(ledger, settings.runId());
        TrainingStep training = new TrainingStep(
                settings,
                ledger,
                specs,
                evidence,
                new DatasetFetcher(settings, ledger, keys, evidence, ciphertexts, log),
                trainer);
        return new RunSteps(
                new Admission(
                        new SelfAttestation(evidence, settings),
                        new ContractVerifier(ledger, settings.domain()),
                        settings,
                        log),
                new RunStarter(settings, ledger, records, log),
                training,
                new OutputSealer(settings, training, ledger),
                new ReceiptWriter(settings, ledger, records, training, log),
                new FailureRecorder(settings, ledger, log));
    }
}
