package org.depa.ccr.agent;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * Opens the run's journal in the work directory, or begins one with a fresh run key. The run key
 * is generated here, once per run: a restarted agent must sign the receipt with the key the
 * ledger bound to the run at its start.
 */
final class JournalOpener {
    /** The journal, and whether an earlier invocation had begun it. */
    record Opened(RunJournal journal, boolean resumed) {}

    private final Agent.Settings settings;
    private final PrintStream log;

    JournalOpener(Agent.Settings settings, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    Opened openOrBegin() {
        RunJournal journal = RunJournal.open(settings.workDir(), settings.runId(), settings.contractId());
        if (journal != null) {
            log.println("ccr-agent: resuming run " + settings.runId() + " after step " + journal.step());
            return new Opened(journal, true);
        }
        Credentials runKey = Credentials.generate(
                SignatureAlgorithm.ECDSA_P384_SHA384,
                "run " + settings.runId(),
                settings.clock().instant().minus(Duration.ofMinutes(5)),
                settings.clock().instant().plus(Duration.ofDays(30)));
        RunJournal.State begun = RunJournal.State.begin(
                settings.runId(), settings.contractId(), runKey.privateKeyPem(), runKey.publicKeyPem());
        return new Opened(RunJournal.create(settings.workDir(), begun), false);
    }
}
