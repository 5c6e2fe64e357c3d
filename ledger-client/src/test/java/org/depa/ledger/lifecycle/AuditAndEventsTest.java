package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.json;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** audit:history and the event stream: every committed change is auditable, every write announces itself once. */
class AuditAndEventsTest {
    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private List<HistoryEntry> history(String objectType, String id) {
        return w.sroLedger().evaluate(Audit.HISTORY, new HistoryRequest(objectType, id));
    }

    private static <T> T value(HistoryEntry e, Class<T> type) {
        try {
            return Json.mapper().treeToValue(e.value(), type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean noValue(HistoryEntry e) {
        return e.value() == null || e.value().isNull();
    }

    /** Reads exactly {@code count} events from {@code startBlock}, failing rather than blocking forever. */
    private List<LedgerEventRecord> events(long startBlock, int count) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<LedgerEventRecord> out = new ArrayList<>();
            try (LedgerClient.EventStream stream = w.sro.events(startBlock)) {
                while (out.size() < count) {
                    out.add(stream.next());
                }
            }
            return out;
        });
    }

    /** True if an event beyond the current height shows up before the stream is closed 300 ms later. */
    private boolean anyEventAfterHeight() throws InterruptedException {
        try (LedgerClient.EventStream stream = w.sro.events(w.ledger.height() + 1)) {
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stream.close();
            });
            closer.start();
            boolean any = stream.hasNext();
            closer.join();
            return any;
        }
    }

    @Nested
    class History {
        @Test
        void aContractsHistoryHoldsEveryVersionNewestFirst() {
            ContractRecord v1 = s.draft("c1", "1");
            w.clock.advance(Duration.ofMinutes(1));
            ContractRecord v2 = s.tdc.ledger().submit(Contracts.AMEND, s.proposal("c1", "1.5"));
            s.signAll("c1");
            w.clock.advance(Duration.ofMinutes(1));
            ContractRecord active = w.activate(s.icmr, "c1");
            w.clock.advance(Duration.ofMinutes(1));
            ContractRecord revoked =
                    s.tdc.ledger().submit(Contracts.REVOKE, new ContractActionRequest("c1", "tdc", "done"));

            List<HistoryEntry> h = history("contract", "c1");
            assertThat(h)
                    .extracting(HistoryEntry::txId)
                    .containsExactly(revoked.updatedTx(), active.updatedTx(), v2.updatedTx(), v1.updatedTx());
            assertThat(h).extracting(e -> value(e, ContractRecord.class)).containsExactly(revoked, active, v2, v1);
            assertThat(h)
                    .extracting(e -> value(e, ContractRecord.class).status())
                    .containsExactly(
                            ContractStatus.REVOKED, ContractStatus.ACTIVE, ContractStatus.DRAFT, ContractStatus.DRAFT);
            assertThat(h).extracting(HistoryEntry::timestamp).isSortedAccordingTo((a, b) -> b.compareTo(a));
            assertThat(h).noneMatch(HistoryEntry::deleted);
        }

        @Test
        void compositeIdsAddressVersionsAndSignatures() {
            s.draft("c1", "1");
            s.tdc.ledger().submit(Contracts.AMEND, s.proposal("c1", "1.5"));
            w.sign(s.tdc, "c1");
            assertThat(history("contract-version", "c1/0000000001")).hasSize(1);
            assertThat(history("contract-version", "c1/0000000002")).hasSize(1);
            assertThat(history("signature", "c1/0000000002/tdc")).hasSize(1);
            assertThat(history("signature", "c1/0000000001/tdc")).isEmpty();
        }

        @Test
        void aParticipantsHistoryShowsRegistrationVerificationAgreementAndSuspension() {
            w.suspend("icmr");
            List<HistoryEntry> h = history("participant", "icmr");
            assertThat(h)
                    .extracting(e -> value(e, Participant.class).status())
                    .containsExactly(
                            ParticipantStatus.SUSPENDED,
                            ParticipantStatus.VERIFIED,
                            ParticipantStatus.VERIFIED,
                            ParticipantStatus.PENDING);
            assertThat(value(h.get(1), Participant.class).agreementVersion()).isEqualTo("v1");
            assertThat(value(h.get(2), Participant.class).agreementVersion()).isNull();
        }

        @Test
        void deletedIndexEntriesShowAsDeletions() {
            s.icmr.ledger()
                    .submit(Datasets.WITHDRAW, new WithdrawDatasetRequest(Scenario.ICMR_DATA, "icmr", "retired"));
            List<HistoryEntry> h = history("dataset-by-purpose", "TRAINING/" + Scenario.ICMR_DATA);
            assertThat(h).extracting(HistoryEntry::deleted).containsExactly(true, false);
            assertThat(h).allMatch(AuditAndEventsTest::noValue);
        }

        @Test
        void indexEntriesHaveAHistoryWithoutValues() {
            var sig = w.sign(s.tdc, s.draft("c1", "1").contractId());
            List<HistoryEntry> seen = history("signature-seen", sig.signatureSha256());
            assertThat(seen).extracting(HistoryEntry::txId).containsExactly(sig.txId());
            assertThat(noValue(seen.get(0))).isTrue();
            assertThat(seen.get(0).deleted()).isFalse();
            assertThat(history("dataset-by-owner", "icmr/" + Scenario.ICMR_DATA))
                    .hasSize(1);
        }

        @Test
        void refusesUnknownTypesAndMissingIdsAndReturnsNothingForUnwrittenKeys() {
            assertThat(refused(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> w.sro.evaluate(
                                            Audit.HISTORY.name(), json(new HistoryRequest("secrets", "x"))))
                            .getMessage())
                    .contains("'objectType'");
            assertThat(refused(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> w.sro.evaluate(
                                            Audit.HISTORY.name(), json(new HistoryRequest("contract", null))))
                            .getMessage())
                    .contains("'id'");
            refused(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> w.sro.evaluate(
                            Audit.HISTORY.name(), "{\"objectType\":\"contract\",\"id\":\"c1\",\"all\":true}"));
            assertThat(history("contract", "never-written")).isEmpty();
        }
    }

    @Nested
    class Events {
        private final List<LedgerEvent> expected = new ArrayList<>();

        private void expect(String type, String objectType, String objectId, String actor) {
            String at = w.clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
            expected.add(new LedgerEvent(type, objectType, objectId, actor, null, at));
            assertThat(w.ledger.height()).as("one block per expected event").isEqualTo(expected.size());
            w.clock.advance(Duration.ofSeconds(1));
        }

        @Test
        void everyCommittedWriteEmitsExactlyOneTypedEvent() throws Exception {
            // The scenario's own set-up, in order.
            expected.add(
                    new LedgerEvent("AgreementPublished", "agreement", "v1", "SROMSP", null, World.START.toString()));
            for (String p : List.of("icmr", "cowin", "tdc", "ccr")) {
                expected.add(
                        new LedgerEvent("ParticipantRegistered", "participant", p, p, null, World.START.toString()));
                expected.add(new LedgerEvent(
                        "ParticipantVerified", "participant", p, "SROMSP", null, World.START.toString()));
                expected.add(new LedgerEvent("AgreementSigned", "participant", p, p, null, World.START.toString()));
            }
            expected.add(new LedgerEvent(
                    "MeasurementCertified", "measurement", World.MEASUREMENT, "SROMSP", null, World.START.toString()));
            expected.add(new LedgerEvent(
                    "DatasetRegistered", "dataset", Scenario.ICMR_DATA, "icmr", null, World.START.toString()));
            expected.add(new LedgerEvent(
                    "DatasetRegistered", "dataset", Scenario.COWIN_DATA, "cowin", null, World.START.toString()));
            assertThat(w.ledger.height()).isEqualTo(expected.size());

            s.icmr.ledger().submit(Datasets.UPDATE, World.datasetRequest(Scenario.ICMR_DATA, "icmr", "12"));
            expect("DatasetUpdated", "dataset", Scenario.ICMR_DATA, "icmr");
            w.refuse(ErrorCode.WRONG_ROLE, () -> w.registerDataset(s.tdc, "d9", "5"));
            s.draft("c1", "1");
            expect("ContractProposed", "contract", "c1", "tdc");
            s.tdc.ledger().submit(Contracts.AMEND, s.proposal("c1", "1.5"));
            expect("ContractAmended", "contract", "c1", "tdc");
            for (Party p : List.of(s.ccr, s.icmr, s.tdc)) {
                w.sign(p, "c1");
                expect("ContractSigned", "contract", "c1", p.id());
            }
            w.refuse(ErrorCode.SIGNATURE_REPLAYED, () -> w.sign(s.tdc, "c1"));
            w.activate(s.tdc, "c1");
            expect("ContractActivated", "contract", "c1", "tdc");
            s.startRun("c1", "r1");
            expect("RunStarted", "run", "r1", "ccr");
            s.release(s.icmr, "r1", Scenario.ICMR_DATA);
            expect("KeyReleased", "key-release", "r1/" + Scenario.ICMR_DATA, "icmr");
            s.ccr.ledger().submit(Runs.FAIL, new FailRunRequest("r1", "ccr", "crash"));
            expect("RunFailed", "run", "r1", "ccr");
            s.startRun("c1", "r2");
            expect("RunStarted", "run", "r2", "ccr");
            s.release(s.icmr, "r2", Scenario.ICMR_DATA);
            expect("KeyReleased", "key-release", "r2/" + Scenario.ICMR_DATA, "icmr");
            s.submit(s.receipt(s.body("c1", "r2", "1")));
            expect("ReceiptSubmitted", "receipt", "r2", "ccr");
            String hash = "0x" + "ab".repeat(32);
            Party relay = w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            String onboardedAt =
                    w.clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
            expected.add(new LedgerEvent("ParticipantRegistered", "participant", "relay", "relay", null, onboardedAt));
            expected.add(new LedgerEvent("ParticipantVerified", "participant", "relay", "SROMSP", null, onboardedAt));
            expect("AgreementSigned", "participant", "relay", "relay");
            relay.ledger().submit(Payments.SETTLE, new SettlePaymentRequest("c1.icmr", "relay", 31337L, hash, 5L));
            expect("PaymentSettled", "payment", "c1.icmr", "relay");
            relay.ledger().submit(Payments.SETTLE, new SettlePaymentRequest("c1.icmr", "relay", 31337L, hash, 5L));
            expect("PaymentSettlementConfirmed", "payment", "c1.icmr", "relay");
            w.refuse(ErrorCode.PAYMENT_ALREADY_SETTLED, () -> relay.ledger()
                    .submit(
                            Payments.SETTLE,
                            new SettlePaymentRequest("c1.icmr", "relay", 31337L, "0x" + "cd".repeat(32), 5L)));
            s.draft("c2", "1", Scenario.COWIN_DATA);
            expect("ContractProposed", "contract", "c2", "tdc");
            s.tdc.ledger().submit(Contracts.REVOKE, new ContractActionRequest("c2", "tdc", "changed plans"));
            expect("ContractRevoked", "contract", "c2", "tdc");
            s.draft("c3", "1", Scenario.COWIN_DATA);
            expect("ContractProposed", "contract", "c3", "tdc");
            w.clock.advance(Duration.ofDays(31));
            w.sro.submit(Contracts.EXPIRE.name(), json(new ContractActionRequest("c3", null, null)));
            expect("ContractExpired", "contract", "c3", "SROMSP");
            s.cowin
                    .ledger()
                    .submit(Datasets.WITHDRAW, new WithdrawDatasetRequest(Scenario.COWIN_DATA, "cowin", "retired"));
            expect("DatasetWithdrawn", "dataset", Scenario.COWIN_DATA, "cowin");
            w.suspend("icmr");
            expect("ParticipantSuspended", "participant", "icmr", "SROMSP");
            w.sroLedger().submit(Measurements.REVOKE, new RevokeMeasurementRequest(World.MEASUREMENT, "bug"));
            expect("MeasurementRevoked", "measurement", World.MEASUREMENT, "SROMSP");

            List<LedgerEventRecord> records = events(1, expected.size());
            assertThat(w.ledger.height()).isEqualTo(expected.size());
            assertThat(anyEventAfterHeight())
                    .as("no more events than committed writes")
                    .isFalse();
            for (int i = 0; i < expected.size(); i++) {
                LedgerEventRecord r = records.get(i);
                LedgerEvent got = Json.read(r.payload(), LedgerEvent.class);
                LedgerEvent want = expected.get(i);
                assertThat(r.blockNumber()).as("block of event %d", i).isEqualTo(i + 1L);
                assertThat(r.name()).isEqualTo(want.type());
                assertThat(got.txId()).isEqualTo(r.txId());
                assertThat(new LedgerEvent(
                                got.type(), got.objectType(), got.objectId(), got.actor(), null, got.timestamp()))
                        .as("event of block %d", i + 1)
                        .isEqualTo(want);
            }
            assertThat(records).extracting(LedgerEventRecord::txId).doesNotHaveDuplicates();
            assertThat(records)
                    .extracting(LedgerEventRecord::name)
                    .contains(
                            "ParticipantRegistered",
                            "AgreementSigned",
                            "ContractSigned",
                            "ContractActivated",
                            "PaymentSettlementConfirmed",
                            "ContractExpired");
        }

        @Test
        void theEventTxIdIsTheTransactionThatWroteTheObject() throws Exception {
            ContractRecord c = s.draft("c1", "1");
            LedgerEventRecord r = events(w.ledger.height(), 1).get(0);
            assertThat(r.txId()).isEqualTo(c.updatedTx());
            assertThat(Json.read(r.payload(), LedgerEvent.class).timestamp()).isEqualTo(c.updatedAt());
        }

        @Test
        void aStreamResumesFromAnyBlockAndDeliversNewCommits() throws Exception {
            long height = w.ledger.height();
            assertThat(events(5, 1).get(0).blockNumber()).isEqualTo(5);
            ExecutorService reader = Executors.newSingleThreadExecutor();
            LedgerEventRecord r;
            try {
                Future<LedgerEventRecord> next = reader.submit(() -> {
                    try (LedgerClient.EventStream stream = w.sro.events(height + 1)) {
                        return stream.next();
                    }
                });
                Thread.sleep(100);
                assertThat(next).isNotDone();
                w.onboard("aud", Role.AUDITOR, "AuditMSP");
                r = next.get(10, TimeUnit.SECONDS);
            } finally {
                reader.shutdownNow();
            }
            assertThat(r.blockNumber()).isEqualTo(height + 1);
            assertThat(r.name()).isEqualTo("ParticipantRegistered");
        }

        @Test
        void refusedAndEvaluatedTransactionsEmitNothing() throws Exception {
            long height = w.ledger.height();
            w.refuse(ErrorCode.NOT_SRO, () -> s.icmr.client()
                    .submit(Participants.VERIFY.name(), "{\"participantId\":\"icmr\"}"));
            s.icmr.client().evaluate(Datasets.REGISTER.name(), json(World.datasetRequest("d9", "icmr", "5")));
            assertThat(w.ledger.height()).isEqualTo(height);
            assertThat(anyEventAfterHeight()).isFalse();
        }
    }
}
