package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.CredentialSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger itself: persistence and its integrity checks, and Fabric's commit-time validation. */
class EmbeddedLedgerTest {

    private static World persistent(Path dir) {
        return new World(EmbeddedLedger.builder().directory(dir), CredentialSource.SHARED);
    }

    private static List<LedgerEventRecord> allEvents(World w) {
        List<LedgerEventRecord> out = new ArrayList<>();
        try (LedgerClient.EventStream stream = w.sro.events(1)) {
            while (out.size() < w.ledger.height()) {
                out.add(stream.next());
            }
        }
        return out;
    }

    private static String history(World w, String type, String id) {
        return w.raw(Audit.HISTORY.name(), json(new HistoryRequest(type, id)));
    }

    private static Path logFile(Path dir) {
        return dir.resolve("ledger.jsonl");
    }

    /** Writes a small ledger to {@code dir}: onboarding, datasets and an active contract c1. */
    private static long writeLedger(Path dir) {
        try (Scenario s = new Scenario(persistent(dir))) {
            s.active("c1", "1.5");
            return s.w.ledger.height();
        }
    }

    @Nested
    class Persistence {
        @Test
        void stateHistoryAndEventsSurviveARestart(@TempDir Path dir) {
            String contract;
            String budget;
            String contractHistory;
            String participantHistory;
            List<LedgerEventRecord> events;
            long height;
            try (Scenario s = new Scenario(persistent(dir))) {
                s.active("c1", "1.5");
                height = s.w.ledger.height();
                contract = s.w.raw(Contracts.GET.name(), "c1");
                budget = s.w.raw(Datasets.GET_BUDGET.name(), Scenario.ICMR_DATA);
                contractHistory = history(s.w, "contract", "c1");
                participantHistory = history(s.w, "participant", "icmr");
                events = allEvents(s.w);
            }
            assertThat(Files.exists(logFile(dir))).isTrue();

            try (World again = persistent(dir)) {
                assertThat(again.ledger.height()).isEqualTo(height);
                assertThat(again.raw(Contracts.GET.name(), "c1")).isEqualTo(contract);
                assertThat(again.raw(Datasets.GET_BUDGET.name(), Scenario.ICMR_DATA))
                        .isEqualTo(budget);
                assertThat(history(again, "contract", "c1")).isEqualTo(contractHistory);
                assertThat(history(again, "participant", "icmr")).isEqualTo(participantHistory);
                List<LedgerEventRecord> replayed = allEvents(again);
                assertThat(replayed).hasSameSizeAs(events);
                for (int i = 0; i < events.size(); i++) {
                    assertThat(replayed.get(i).blockNumber())
                            .isEqualTo(events.get(i).blockNumber());
                    assertThat(replayed.get(i).txId()).isEqualTo(events.get(i).txId());
                    assertThat(replayed.get(i).name()).isEqualTo(events.get(i).name());
                    assertThat(replayed.get(i).payload())
                            .isEqualTo(events.get(i).payload());
                }
                // The reopened ledger keeps enforcing the rules on the replayed state, and keeps appending.
                again.refuse(ErrorCode.ALREADY_EXISTS, () -> again.publishAgreement("v1"));
                ContractRecord revoked = again.sroLedger()
                        .submit(Contracts.REVOKE, new ContractActionRequest("c1", null, "after restart"));
                assertThat(revoked.status()).isEqualTo(ContractStatus.REVOKED);
            }
            try (World third = persistent(dir)) {
                assertThat(third.ledger.height()).isEqualTo(height + 1);
                assertThat(third.contract("c1").status()).isEqualTo(ContractStatus.REVOKED);
            }
        }

        @Test
        void anInMemoryLedgerWritesNoFile(@TempDir Path dir) throws IOException {
            try (World w = World.shared()) {
                w.publishAgreement("v1");
                assertThat(w.ledger.height()).isEqualTo(1);
            }
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Nested
    class Integrity {
        @Test
        void aTamperedLineIsDetectedAtOpen(@TempDir Path dir) throws IOException {
            writeLedger(dir);
            List<String> lines = Files.readAllLines(logFile(dir), StandardCharsets.UTF_8);
            int victim = 0;
            while (!lines.get(victim).contains("\"creatorMsp\":\"IcmrMSP\"")) {
                victim++;
            }
            assertThat(victim).as("a line in the middle").isLessThan(lines.size() - 1);
            String original = lines.get(victim);
            String tampered = original.replace("\"creatorMsp\":\"IcmrMSP\"", "\"creatorMsp\":\"EvilMSP\"");
            assertThat(tampered).isNotEqualTo(original);
            assertThat(Json.tree(tampered).isObject())
                    .as("still well-formed JSON")
                    .isTrue();
            lines.set(victim, tampered);
            Files.write(logFile(dir), lines, StandardCharsets.UTF_8);

            assertThatThrownBy(() -> persistent(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("line " + (victim + 1))
                    .hasMessageContaining("signature does not verify");
        }

        @Test
        void aRemovedOrReorderedLineIsDetectedAtOpen(@TempDir Path dir) throws IOException {
            writeLedger(dir);
            List<String> lines = Files.readAllLines(logFile(dir), StandardCharsets.UTF_8);
            List<String> removed = new ArrayList<>(lines);
            removed.remove(5);
            Files.write(logFile(dir), removed, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> persistent(dir)).isInstanceOf(IllegalStateException.class);

            List<String> swapped = new ArrayList<>(lines);
            swapped.set(5, lines.get(6));
            swapped.set(6, lines.get(5));
            Files.write(logFile(dir), swapped, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> persistent(dir)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void aGarbledMiddleLineIsDetectedAtOpen(@TempDir Path dir) throws IOException {
            writeLedger(dir);
            List<String> lines = Files.readAllLines(logFile(dir), StandardCharsets.UTF_8);
            lines.set(3, lines.get(3).substring(0, 40));
            Files.write(logFile(dir), lines, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> persistent(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("line 4")
                    .hasMessageContaining("not a ledger entry");
        }

        @Test
        void aTornLastLineIsDroppedAndTheLedgerGoesOn(@TempDir Path dir) throws IOException {
            long height = writeLedger(dir);
            List<String> lines = Files.readAllLines(logFile(dir), StandardCharsets.UTF_8);
            String torn = lines.get(lines.size() - 1).substring(0, 60);
            Files.writeString(logFile(dir), torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height);
                assertThat(w.contract("c1").status()).isEqualTo(ContractStatus.ACTIVE);
                w.publishAgreement("v2");
                assertThat(w.ledger.height()).isEqualTo(height + 1);
            }
            List<String> after = Files.readAllLines(logFile(dir), StandardCharsets.UTF_8);
            assertThat(after).hasSize(lines.size() + 1);
            assertThat(after.subList(0, lines.size())).isEqualTo(lines);
            assertThat(after).doesNotContain(torn);
            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height + 1);
                assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT).version())
                        .isEqualTo("v2");
            }
        }

        @Test
        void aLastLineMissingOnlyItsNewlineIsKeptAndLaterCommitsSurvive(@TempDir Path dir) throws IOException {
            long height = writeLedger(dir);
            byte[] bytes = Files.readAllBytes(logFile(dir));
            assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
            Files.write(logFile(dir), java.util.Arrays.copyOf(bytes, bytes.length - 1));

            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height);
                w.publishAgreement("v2");
            }
            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height + 1);
                assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT).version())
                        .isEqualTo("v2");
            }
            assertThat(Files.readAllLines(logFile(dir), StandardCharsets.UTF_8))
                    .hasSize((int) height + 1)
                    .noneMatch(line -> line.indexOf('\u0000') >= 0);
        }
    }

    @Nested
    class CommitValidation {
        @Test
        void aReadKeyChangedAfterEndorsementInvalidatesTheTransaction() {
            try (World w = World.shared()) {
                w.publishAgreement("v1");
                Party p = w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
                w.verify("icmr");
                Agreement a = w.sroLedger().evaluate(Participants.GET_AGREEMENT);
                String sig = p.signBase64(SigningPayloads.agreement(w.domain(), "icmr", "v1", a.textSha256()));
                LedgerClient.EndorsedTransaction signing = p.client()
                        .endorse(Participants.SIGN_AGREEMENT.name(), json(new SignAgreementRequest("icmr", "v1", sig)));
                w.suspend("icmr");
                long height = w.ledger.height();

                LedgerException e = refused(ErrorCode.MVCC_READ_CONFLICT, signing::submit);
                assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
                assertThat(e.txId()).isEqualTo(signing.txId());
                assertThat(e.getMessage()).contains("participant");
                assertThat(w.ledger.height()).isEqualTo(height);
                Participant now = w.sroLedger().evaluate(Participants.GET, "icmr");
                assertThat(now.status()).isEqualTo(ParticipantStatus.SUSPENDED);
                assertThat(now.agreementVersion()).isNull();
            }
        }

        @Test
        void aPhantomInARangeReadInvalidatesTheTransaction() {
            try (Scenario s = new Scenario()) {
                World w = s.w;
                s.active("c1", "1");
                LedgerClient.EndorsedTransaction first = s.ccr.client()
                        .endorse(
                                Runs.START.name(),
                                json(World.startRequest(
                                        s.ccr, "r-a", "c1", s.runKey("r-a"), World.CHIP_ID, World.REPORTED_TCB)));
                s.startRun("c1", "r-b");
                long height = w.ledger.height();

                LedgerException e = refused(ErrorCode.MVCC_READ_CONFLICT, first::submit);
                assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
                assertThat(e.getMessage()).contains("phantom");
                assertThat(w.ledger.height()).isEqualTo(height);
                refused(ErrorCode.NOT_FOUND, () -> s.run("r-a"));
                assertThat(w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1"))
                        .extracting(TrainingRun::runId)
                        .containsExactly("r-b");
                w.refuse(ErrorCode.INVALID_STATE, () -> s.startRun("c1", "r-a"));
            }
        }

        @Test
        void theSameEndorsedTransactionCommitsOnlyOnce() {
            try (World w = World.shared()) {
                LedgerClient.EndorsedTransaction tx = w.sro.endorse(
                        Participants.PUBLISH_AGREEMENT.name(),
                        json(new org.depa.ledger.model.tx.PublishAgreementRequest("v1", "ab".repeat(32))));
                assertThat(w.ledger.height()).as("endorsing writes nothing").isZero();
                byte[] result = tx.submit();
                assertThat(result).isEqualTo(tx.result());
                LedgerException e = refused(ErrorCode.ALREADY_EXISTS, tx::submit);
                assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
                assertThat(e.getMessage()).contains("duplicate transaction id");
                assertThat(w.ledger.height()).isEqualTo(1);
            }
        }

        @Test
        void evaluatingAWriteTransactionWritesNothing() {
            try (World w = World.shared()) {
                byte[] result = w.sro.evaluate(
                        Participants.PUBLISH_AGREEMENT.name(),
                        json(new org.depa.ledger.model.tx.PublishAgreementRequest("v1", "ab".repeat(32))));
                assertThat(Json.read(result, Agreement.class).version()).isEqualTo("v1");
                assertThat(w.ledger.height()).isZero();
                refused(ErrorCode.NO_AGREEMENT, () -> w.sro.evaluate(Participants.GET_AGREEMENT.name()));
            }
        }

        @Test
        void aClosedLedgerIsUnavailable() {
            World w = World.shared();
            w.close();
            LedgerException e = refused(ErrorCode.INTERNAL, () -> w.publishAgreement("v1"));
            assertThat(e.stage()).isEqualTo(LedgerException.Stage.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        }
    }
}
