package org.depa.ccr.agent;

import java.io.PrintStream;
import java.util.Base64;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.StartRunRequest;

/**
 * Records the run's start on the ledger (NEW to STARTED), once: the ledger is asked first, and a
 * run it already has under this journal's run key (an agent killed after the start committed) is
 * taken over instead of started again. On a resumed run it confirms the ledger's run is still
 * this one and still running: COMPLETED moves the journal to DONE, any other status refuses.
 */
final class RunStarter {
    private final Agent.Settings settings;
    private final TypedLedger ledger;
    private final RunRecords records;
    private final PrintStream log;

    RunStarter(Agent.Settings settings, TypedLedger ledger, RunRecords records, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.records = Objects.requireNonNull(records, "records");
        this.log = Objects.requireNonNull(log, "log");
    }

    void ensureStarted(RunJournal journal, Admission.Admitted admitted) {
        TrainingRun run = records.existingRun();
        if (run == null) {
            run = start(journal, admitted.attested());
        } else {
            if (!run.runPublicKeyPem().equals(journal.state().runPublicKeyPem())
                    || !run.contractId().equals(settings.contractId())) {
                throw new AgentException(
                        Stage.RUN_START,
                        "run '" + settings.runId() + "' exists on the ledger with another key or contract");
            }
            if (!Objects.equals(run.jobId(), settings.jobId())) {
                throw new AgentException(
                        Stage.RUN_START,
                        "run '" + settings.runId() + "' exists on the ledger for job '" + run.jobId() + "', not '"
                                + settings.jobId() + "'");
            }
            if (journal.step() == Step.NEW) {
                // The start committed but the journal did not hear of it: the ledger's report is the run's.
                journal.update(journal.state()
                        .withStartReportSha256(run.reportSha256())
                        .withStep(Step.STARTED));
            }
        }
        if (run.status() == RunStatus.COMPLETED) {
            journal.advance(Step.DONE);
        } else if (run.status() != RunStatus.STARTED) {
            throw new AgentException(Stage.RUN_START, "run '" + run.runId() + "' is " + run.status());
        }
    }

    private TrainingRun start(RunJournal journal, SelfAttestation.Attested attested) {
        // The receipt names the start's report: the journal holds its hash from before the start is
        // sent. The ledger records the hash of the report it verified, which is this one.
        journal.update(journal.state()
                .withStartReportSha256(attested.startReportSha256())
                .withStep(Step.NEW));
        try {
            TrainingRun run = ledger.submit(
                    Runs.START,
                    new StartRunRequest(
                                    settings.runId(),
                                    settings.contractId(),
                                    settings.ccrProviderId(),
                                    Base64.getEncoder().encodeToString(attested.startReport()),
                                    attested.startChainPem(),
                                    journal.state().runPublicKeyPem())
                            .declaring(attested.measurementHex(), attested.chipIdHex(), attested.reportedTcbHex())
                            .forJob(settings.jobId()));
            journal.advance(Step.STARTED);
            log.println("ccr-agent: run " + run.runId() + " started in tx " + run.updatedTx());
            return run;
        } catch (LedgerException e) {
            throw new AgentException(Stage.RUN_START, Runs.START.name() + " refused: " + e.getMessage(), e);
        }
    }
}
