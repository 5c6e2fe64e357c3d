package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.FabricSettings;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract ledger on the real Fabric network: three peer organisations, majority endorsement,
 * a Raft orderer, the chaincode running as a service in each organisation. scripts/test.sh starts
 * the network and passes its directory; without it these tests are skipped.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricNetworkIT {
    private static FabricWorld world;
    private static FabricWorld.Party tdpA;
    private static FabricWorld.Party tdpB;
    private static FabricWorld.Party tdc;
    private static FabricWorld.Party ccr;
    private static FabricWorld.Party relay;

    @BeforeAll
    static void setUp() {
        world = new FabricWorld(Path.of(System.getProperty("depa.fabric.network")));
        world.setUp();
        tdpA = world.onboard("tdp-a", Role.TDP, "ProviderMSP");
        tdpB = world.onboard("tdp-b", Role.TDP, "ProviderMSP");
        tdc = world.onboard("tdc", Role.TDC, "ConsumerMSP");
        ccr = world.onboard("ccr", Role.CCR_PROVIDER, "ConsumerMSP");
        relay = world.onboard("relay", Role.PAYMENT_RELAY, "SROMSP");
    }

    @AfterAll
    static void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** Submits through endorse/submit so the test knows the transaction id. */
    private static String submitTracked(FabricLedger client, String fn, Object request) {
        LedgerClient.EndorsedTransaction tx = client.endorse(fn, FabricWorld.json(request));
        tx.submit();
        return tx.txId();
    }

    @Test
    @Order(1)
    void wholeLifecycleCommitsWithEveryWriteEndorsedByAMajority() throws Exception {
        String a = world.id("ds-a");
        String b = world.id("ds-b");
        world.registerDataset(tdpA, a, "10", "2");
        world.registerDataset(tdpB, b, "10", "2");
        String contractId = world.id("life");
        ContractRecord draft = world.propose(tdc, ccr, contractId, List.of(a, b), "1.5");
        world.signAll(contractId, tdc, ccr, tdpA, tdpB);
        List<String> txIds = new ArrayList<>();
        txIds.add(submitTracked(
                tdc.client(), Contracts.ACTIVATE.name(), new ContractActionRequest(contractId, tdc.id(), null)));
        assertThat(world.sro().evaluate(Contracts.GET, contractId).status()).isEqualTo(ContractStatus.ACTIVE);

        Credentials runKey = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P384_SHA384,
                "run",
                Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        String runId = world.id("run");
        txIds.add(submitTracked(
                ccr.client(),
                Runs.START.name(),
                CleanRooms.start(
                        CleanRooms.chip("c1".repeat(64), "0300000000000873"),
                        runId,
                        contractId,
                        ccr.id(),
                        FabricWorld.MEASUREMENT,
                        runKey.publicKeyPem())));
        for (FabricWorld.Party p : List.of(tdpA, tdpB)) {
            String ds = p.id().equals(tdpA.id()) ? a : b;
            txIds.add(submitTracked(
                    p.client(),
                    Runs.RECORD_KEY_RELEASE.name(),
                    new KeyReleaseRequest(
                            runId,
                            ds,
                            p.id(),
                            FabricWorld.MEASUREMENT,
                            Hashes.sha256Hex("fresh"),
                            Hashes.sha256Hex("eph"),
                            "c1".repeat(64),
                            "0300000000000873",
                            java.util.Base64.getEncoder()
                                    .encodeToString(org.depa.ledger.model.crypto.LocalSigner.fromPem(
                                                    runKey.privateKeyPem())
                                            .sign(org.depa.ledger.model.crypto.SigningPayloads.keyRelease(
                                                    runId, ds, Hashes.sha256Hex("fresh"), Hashes.sha256Hex("eph")))))));
        }
        TreeMap<String, BigDecimal> metrics = new TreeMap<>();
        metrics.put("roc_auc", new BigDecimal("0.7"));
        ReceiptBody body = Requests.receipt(new ReceiptBody(
                runId,
                contractId,
                Hashes.sha256Hex("model"),
                List.of(
                        new ReceiptDataset(a, Hashes.sha256Hex(a), new BigDecimal("1.1")),
                        new ReceiptDataset(b, Hashes.sha256Hex(b), new BigDecimal("0.9"))),
                metrics,
                world.sro().evaluate(Runs.GET, runId).reportSha256()));
        String sig = Base64.getEncoder()
                .encodeToString(
                        LocalSigner.fromPem(runKey.privateKeyPem()).sign(SigningPayloads.receipt(world.domain, body)));
        txIds.add(
                submitTracked(ccr.client(), Runs.SUBMIT_RECEIPT.name(), new SubmitReceiptRequest(ccr.id(), body, sig)));
        txIds.add(submitTracked(
                relay.client(),
                Payments.SETTLE.name(),
                new SettlePaymentRequest(
                        contractId + "." + tdpA.id(), relay.id(), 31337L, "0x" + "12".repeat(32), 3L)));

        assertThat(world.sro().evaluate(Contracts.GET, contractId).status()).isEqualTo(ContractStatus.COMPLETED);
        PrivacyBudget budget = world.sro().evaluate(Datasets.GET_BUDGET, a);
        assertThat(budget.spentEpsilon()).isEqualByComparingTo("1.1");
        assertThat(budget.reservedEpsilon()).isEqualByComparingTo("0");
        PaymentInstruction paid = world.sro().evaluate(Payments.GET, contractId + "." + tdpA.id());
        assertThat(paid.status()).isEqualTo(PaymentStatus.SETTLED);
        assertThat(draft.parties()).hasSize(4);

        for (String txId : txIds) {
            Set<String> endorsers =
                    Endorsements.endorsingMsps(world.client("SROMSP").blockOfTransaction(txId), txId);
            assertThat(endorsers).as("endorsing organisations of %s", txId).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    @Order(2)
    void aWriteEndorsedByOneOrganisationAloneIsRefusedAtCommit() {
        FabricLedger sro = world.client("SROMSP");
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "lonely",
                Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        String id = world.id("lonely");
        LedgerClient.EndorsedTransaction tx = sro.endorse(
                Participants.REGISTER.name(),
                new String[] {"SROMSP"},
                FabricWorld.json(
                        new RegisterParticipantRequest(id, Role.AUDITOR, "SROMSP", "lonely", c.certificatePem())));
        assertThatThrownBy(tx::submit).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.stage()).isEqualTo(LedgerException.Stage.COMMIT);
            assertThat(e.code()).isEqualTo(ErrorCode.ENDORSEMENT_POLICY_FAILURE);
        });
        assertThatThrownBy(() -> sro.evaluate(Participants.GET.name(), id))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    @Order(3)
    void racingActivationsNeverOverspendAndLosersGetARetryableConflict() throws Exception {
        String ds = world.id("scarce");
        world.registerDataset(tdpA, ds, "3", "1");
        int contracts = 6;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contracts; i++) {
            String id = world.id("race-" + i);
            world.propose(tdc, ccr, id, List.of(ds), "1");
            world.signAll(id, tdc, ccr, tdpA);
            ids.add(id);
        }
        // Endorse every activation against the same budget version, then commit them together.
        List<LedgerClient.EndorsedTransaction> endorsed = new ArrayList<>();
        for (String id : ids) {
            endorsed.add(world.freshClient(tdc)
                    .endorse(
                            Contracts.ACTIVATE.name(),
                            FabricWorld.json(new ContractActionRequest(id, tdc.id(), null))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(contracts);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ErrorCode>> outcomes = new ArrayList<>();
        for (LedgerClient.EndorsedTransaction tx : endorsed) {
            outcomes.add(pool.submit(() -> {
                go.await();
                try {
                    tx.submit();
                    return null;
                } catch (LedgerException e) {
                    return e.code();
                }
            }));
        }
        go.countDown();
        List<ErrorCode> codes = new ArrayList<>();
        for (Future<ErrorCode> f : outcomes) {
            codes.add(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(codes.stream().filter(c -> c == null).count()).isEqualTo(1);
        assertThat(codes.stream().filter(c -> c == ErrorCode.MVCC_READ_CONFLICT).count())
                .isEqualTo(contracts - 1);

        // The losers retry as fresh transactions: two more fit in the budget, the rest are refused by rule.
        int activated = 1;
        int refused = 0;
        for (int i = 0; i < contracts; i++) {
            if (codes.get(i) == null) {
                continue;
            }
            try {
                tdc.client()
                        .submit(
                                Contracts.ACTIVATE.name(),
                                FabricWorld.json(new ContractActionRequest(ids.get(i), tdc.id(), null)));
                activated++;
            } catch (LedgerException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
                refused++;
            }
        }
        assertThat(activated).isEqualTo(3);
        assertThat(refused).isEqualTo(3);
        PrivacyBudget budget = world.sro().evaluate(Datasets.GET_BUDGET, ds);
        assertThat(budget.reservedEpsilon().add(budget.spentEpsilon())).isLessThanOrEqualTo(budget.totalEpsilon());
        assertThat(budget.reservedEpsilon()).isEqualByComparingTo("3");
    }

    @Test
    @Order(4)
    void eventsArriveOnceAndARestartedConsumerResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ours.add(submitTracked(tdpA.client(), Datasets.REGISTER.name(), datasetRequest(world.id("ev-" + i))));
        }
        Path file = dir.resolve("checkpoint");
        List<String> seen = new ArrayList<>();
        Set<String> pending = new HashSet<>(ours);
        EventCheckpoint first = EventCheckpoint.open(file, 0);
        try (LedgerClient.EventStream events = first.resume(world.any())) {
            while (pending.size() > 1) {
                LedgerEventRecord e = events.next();
                seen.add(e.txId());
                pending.remove(e.txId());
                first.record(e);
            }
        }
        for (int i = 3; i < 6; i++) {
            String txId = submitTracked(tdpA.client(), Datasets.REGISTER.name(), datasetRequest(world.id("ev-" + i)));
            ours.add(txId);
            pending.add(txId);
        }
        EventCheckpoint second = EventCheckpoint.open(file, 0);
        try (LedgerClient.EventStream events = second.resume(world.any())) {
            while (!pending.isEmpty()) {
                LedgerEventRecord e = events.next();
                seen.add(e.txId());
                pending.remove(e.txId());
                second.record(e);
            }
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(ours);
        List<Integer> positions = new ArrayList<>();
        for (String txId : ours) {
            positions.add(seen.indexOf(txId));
        }
        assertThat(positions).isSorted();
    }

    @Test
    @Order(5)
    void historyOfAContractIsReadBackThroughTheGateway() {
        String ds = world.id("hist-ds");
        world.registerDataset(tdpB, ds, "5", "1");
        String id = world.id("hist");
        world.propose(tdc, ccr, id, List.of(ds), "0.5");
        world.signAll(id, tdc, ccr, tdpB);
        tdc.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(id, tdc.id(), null));
        tdpB.ledger().submit(Contracts.REVOKE, new ContractActionRequest(id, tdpB.id(), "data subject complaint"));
        // The submitter's own peer has committed the revocation when submit returns; another
        // organisation's peer commits the same block on its own schedule, so the SRO's read waits
        // (briefly, bounded) for its peer to catch up rather than racing it.
        List<HistoryEntry> history = tdpB.ledger().evaluate(Audit.HISTORY, new HistoryRequest("contract", id));
        assertThat(history)
                .extracting(h -> h.value().get("status").asText())
                .containsExactly("REVOKED", "ACTIVE", "DRAFT");
        assertThat(history).extracting(HistoryEntry::txId).doesNotHaveDuplicates();
        List<HistoryEntry> seenBySro = history;
        for (int i = 0; i < 50; i++) {
            seenBySro = world.sro().evaluate(Audit.HISTORY, new HistoryRequest("contract", id));
            if (seenBySro.size() == history.size()) {
                break;
            }
            sleep(200);
        }
        assertThat(seenBySro).isEqualTo(history);
        PrivacyBudget budget = tdpB.ledger().evaluate(Datasets.GET_BUDGET, ds);
        assertThat(budget.reservedEpsilon()).isEqualByComparingTo("0");
    }

    @Test
    @Order(6)
    void callersOutsideTheChannelAreRefused() throws Exception {
        Path dir = Files.createTempDirectory("outsider");
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "outsider",
                Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        Files.writeString(dir.resolve("cert.pem"), c.certificatePem());
        Files.writeString(dir.resolve("key.pem"), c.privateKeyPem());
        for (String msp : List.of("OutsiderMSP", "ProviderMSP")) {
            FabricSettings real = world.network.settings("SROMSP", "User1");
            FabricSettings forged = new FabricSettings(
                    real.peerEndpoint(),
                    real.peerHostOverride(),
                    real.tlsRootCertificate(),
                    msp,
                    dir.resolve("cert.pem"),
                    dir.resolve("key.pem"),
                    real.channel(),
                    real.chaincode(),
                    Duration.ofSeconds(20),
                    1);
            try (FabricLedger outsider = FabricLedger.connect(forged)) {
                assertThatThrownBy(() -> outsider.evaluate(Participants.GET_AGREEMENT.name()))
                        .as("an identity of %s not issued by a channel member's CA", msp)
                        .isInstanceOf(LedgerException.class);
                assertThatThrownBy(() -> outsider.submit(
                                Participants.REGISTER.name(),
                                FabricWorld.json(new RegisterParticipantRequest(
                                        world.id("intruder"), Role.TDP, msp, "x", c.certificatePem()))))
                        .isInstanceOf(LedgerException.class);
            }
        }
        assertThatThrownBy(() -> world.any().evaluate(Participants.GET.name(), world.id("intruder")))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    @Order(7)
    void aPeerKilledWhileClientsSubmitLosesNoCommittedTransaction() throws Exception {
        Path home = Path.of(System.getProperty("depa.home", "."));
        Path pidFile = Path.of(System.getProperty("depa.fabric.network")).resolve("run/peer-provider.pid");
        Set<String> committed = ConcurrentHashMap.newKeySet();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> writers = new ArrayList<>();
        for (String msp : List.of("SROMSP", "ConsumerMSP")) {
            FabricLedger client = world.freshClient(msp);
            writers.add(pool.submit(() -> {
                for (int i = 0; !stop.get() && i < 200; i++) {
                    String id = world.id("peerkill-" + msp.toLowerCase(java.util.Locale.ROOT) + "-" + i);
                    Credentials c = SelfSigned.credentials(
                            SignatureAlgorithm.ED25519,
                            id,
                            Instant.now().minusSeconds(60),
                            Instant.now().plus(Duration.ofDays(1)));
                    try {
                        client.submit(
                                Participants.REGISTER.name(),
                                FabricWorld.json(
                                        new RegisterParticipantRequest(id, Role.AUDITOR, msp, id, c.certificatePem())));
                        committed.add(id);
                    } catch (LedgerException e) {
                        failures.add(e.stage() + " " + e.code());
                    }
                }
            }));
        }
        Thread.sleep(3000);
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(6000);
        Process up = new ProcessBuilder(
                        home.resolve("network-config/network.sh").toString(), "up")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("var/network/logs/it-restart.log").toFile())
                .start();
        assertThat(up.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).isZero();
        Thread.sleep(3000);
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(committed).isNotEmpty();
        // Every transaction a client saw committed is on the ledger, read through the restarted peer's organisation.
        TypedLedger provider = new TypedLedger(world.freshClient("ProviderMSP"));
        long deadline = System.currentTimeMillis() + 120_000;
        for (String id : committed) {
            while (true) {
                try {
                    provider.evaluate(Participants.GET, id);
                    break;
                } catch (LedgerException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
        // And clients of the restarted peer's organisation write again without manual steps.
        world.registerDataset(tdpA, world.id("after-restart"), "1", "1");
        // The SRO's gateway finds the restarted peer again (a new member of its organisation needs its endorsement),
        // so the classes that run after this one start on a whole network.
        assertThat(world.onboard("after-restart-member", Role.TDP, "ProviderMSP")
                        .id())
                .isNotBlank();
    }

    private static org.depa.ledger.model.tx.DatasetRequest datasetRequest(String id) {
        return new org.depa.ledger.model.tx.DatasetRequest(
                id,
                tdpA.id(),
                id,
                "event test",
                List.of(new org.depa.ledger.model.domain.SchemaField("k", "string", null)),
                "file:///s",
                "file:///e",
                Hashes.sha256Hex(id),
                "https://kms",
                "key",
                new org.depa.ledger.model.domain.DatasetTerms(
                        List.of("TRAINING"), 1L, "INR", BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("0.01")));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
