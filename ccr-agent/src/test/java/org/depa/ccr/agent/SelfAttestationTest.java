package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfAttestationTest {
    @TempDir
    Path dir;

    AgentWorld a;
    RunJournal journal;
    byte[] lastReport;

    @BeforeEach
    void world() throws Exception {
        a = new AgentWorld(dir);
        journal = new JournalOpener(a.settings("run-1", dir.resolve("work")), a.log)
                .openOrBegin()
                .journal();
    }

    @AfterEach
    void close() {
        a.close();
    }

    @Test
    void provesTheMeasurementAndHashesTheFreshReport() {
        EvidenceSource recording = new EvidenceSource() {
            @Override
            public Evidence evidence(byte[] reportData) {
                Evidence e = a.evidence().evidence(reportData);
                lastReport = e.report();
                return e;
            }

            @Override
            public boolean emulated() {
                return true;
            }

            @Override
            public org.depa.attestation.VerifierOptions verifierOptions() {
                return a.evidence().verifierOptions();
            }
        };
        SelfAttestation.Attested attested =
                new SelfAttestation(recording, a.settings("run-1", dir.resolve("work"))).attest(journal.state());
        assertThat(attested.measurementHex()).isEqualTo(World.MEASUREMENT);
        assertThat(attested.startReportSha256()).isEqualTo(Hashes.sha256Hex(lastReport));
    }

    /**
     * A restart before the start committed attests afresh: runs:start carries the new report and the
     * ledger records that report's hash (issue 13), so the hash an earlier attempt left in the journal
     * is not reused. (A start that did commit is recovered from the ledger by RunStarter.)
     */
    @Test
    void aRestartNamesTheReportItSendsNotTheJournalsEarlierHash() {
        journal.update(journal.state().withStartReportSha256("ab".repeat(32)));
        SelfAttestation.Attested attested =
                new SelfAttestation(a.evidence(), a.settings("run-1", dir.resolve("work"))).attest(journal.state());
        assertThat(attested.startReportSha256())
                .isEqualTo(Hashes.sha256Hex(attested.startReport()))
                .isNotEqualTo("ab".repeat(32));
    }

    /** Evidence that does not carry this run's binding is refused here, before any TDP sees it. */
    @Test
    void refusesItsOwnReportWhenItDoesNotBindTheRun() {
        EvidenceSource unbound = new EvidenceSource() {
            @Override
            public Evidence evidence(byte[] reportData) {
                return a.evidence().evidence(new byte[64]);
            }

            @Override
            public boolean emulated() {
                return true;
            }

            @Override
            public org.depa.attestation.VerifierOptions verifierOptions() {
                return a.evidence().verifierOptions();
            }
        };
        assertThatThrownBy(() ->
                        new SelfAttestation(unbound, a.settings("run-1", dir.resolve("work"))).attest(journal.state()))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.ATTESTATION))
                .hasMessageContaining("this clean room's own report does not verify");
    }
}
