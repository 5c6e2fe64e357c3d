package org.depa.audit.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain replays' feed: the writes of the valid transactions only, in commit order, with their context. */
class WriteReplayTest {
    @TempDir
    Path dir;

    @Test
    void theReplayGetsEveryValidTransactionsWritesInOrderAndNothingOfAnInvalidOne() {
        Path bundle = Audits.copyFixture(dir.resolve("bundle"));
        List<CommittedTx> seen = new ArrayList<>();
        boolean[] finished = {false};
        WriteReplay collect = new WriteReplay() {
            @Override
            public void transaction(CommittedTx tx, CheckSink sink) {
                seen.add(tx);
            }

            @Override
            public void finish(CheckSink sink) {
                finished[0] = true;
            }
        };
        AuditReport r = new AuditReport(bundle.resolve("out"), "test");
        try (r) {
            FabricAudit.run(
                    Bundle.read(bundle),
                    new FabricAudit.Options(null, null, false),
                    r,
                    new PrintStream(PrintStream.nullOutputStream()),
                    List.of(collect));
        }
        assertThat(finished[0]).isTrue();
        // block 6 (marked ENDORSEMENT_POLICY_FAILURE) wrote nothing; 1-3 wrote only private (implicit) data
        assertThat(seen.stream().filter(t -> t.namespace().equals("depa")).map(CommittedTx::block))
                .containsExactly(5L, 7L, 9L);
        assertThat(seen.stream().filter(t -> t.namespace().equals("_lifecycle")).map(CommittedTx::block))
                .containsExactly(4L);
        assertThat(seen).allSatisfy(t -> {
            assertThat(t.writes()).isNotEmpty();
            assertThat(t.txId()).hasSize(64);
            assertThat(t.scope()).startsWith("block " + t.block() + " tx 0");
        });
        assertThat(seen.stream()
                        .filter(t -> t.block() == 7)
                        .findFirst()
                        .orElseThrow()
                        .writes())
                .anySatisfy(w -> assertThat(w.value()).contains("fixture-2"));
        assertThat(seen.stream().filter(t -> t.namespace().equals("depa")).map(CommittedTx::creatorMspId))
                .containsOnly("SROMSP");
        assertThat(seen.stream().map(CommittedTx::timestamp).toList()).isSorted();
    }
}
