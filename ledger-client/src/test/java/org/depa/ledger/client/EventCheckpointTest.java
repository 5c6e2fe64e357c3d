package org.depa.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A consumer that stops mid-stream and restarts from its checkpoint sees every event exactly once. */
class EventCheckpointTest {

    @Test
    void restartedConsumerResumesWithoutGapsOrRepeats(@TempDir Path dir) {
        try (World w = new World()) {
            w.publishAgreement("v1");
            w.onboard("tdp-1", Role.TDP, "ProviderMSP");
            w.onboard("tdc-1", Role.TDC, "ConsumerMSP");
            long total = w.ledger.height();
            Path file = dir.resolve("events.checkpoint");

            List<String> seen = new ArrayList<>();
            EventCheckpoint first = EventCheckpoint.open(file, 1);
            try (LedgerClient.EventStream events = first.resume(w.sro)) {
                for (int i = 0; i < 4; i++) {
                    LedgerEventRecord e = events.next();
                    seen.add(e.txId());
                    first.record(e);
                }
            }
            w.onboard("ccr-1", Role.CCR_PROVIDER, "CcrMSP");
            long after = w.ledger.height();

            EventCheckpoint second = EventCheckpoint.open(file, 1);
            assertThat(second.txId()).isEqualTo(seen.get(3));
            try (LedgerClient.EventStream events = second.resume(w.sro)) {
                while (seen.size() < after) {
                    LedgerEventRecord e = events.next();
                    seen.add(e.txId());
                    second.record(e);
                }
            }
            assertThat(total).isLessThan(after);
            assertThat(seen).hasSize((int) after).doesNotHaveDuplicates();
            List<String> all = new ArrayList<>();
            try (LedgerClient.EventStream events = w.sro.events(1)) {
                for (long i = 0; i < after; i++) {
                    all.add(events.next().txId());
                }
            }
            assertThat(seen).containsExactlyElementsOf(all);
        }
    }

    /** A damaged checkpoint stops the consumer naming the file and what is wrong, never restarts it at block 1. */
    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "abc tx", "-4 tx", "12 tx extra", "99999999999999999999 tx"})
    void damagedCheckpointIsRefusedNamingTheFile(String content, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.checkpoint");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventCheckpoint.open(file, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("malformed event checkpoint")
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(content);
    }

    @Test
    void noCheckpointStartsAtTheFirstBlockAndLeavesNoFile(@TempDir Path dir) {
        Path file = dir.resolve("events.checkpoint");
        EventCheckpoint c = EventCheckpoint.open(file, 7);
        assertThat(c.block()).isEqualTo(7);
        assertThat(c.txId()).isNull();
        assertThat(file).doesNotExist();
    }
}
