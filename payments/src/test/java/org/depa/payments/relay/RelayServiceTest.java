package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.MutableClock;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.CloseReason;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.EscrowView;
import org.depa.payments.chain.LocalNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;

/**
 * The relay as a following service ({@link RelayService}) between the embedded ledger and a real
 * anvil node (a block every 250 ms, two confirmations): it settles what the ledger's events ask
 * for, resumes from its checkpoint, closes the escrow of a contract that expired by time alone,
 * and survives a chain that cannot be reached, paying each instruction once.
 */
@ExtendWith(AnvilExtension.class)
@AnvilExtension.BlockTime(millis = 250)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayServiceTest {
    private LocalNode node;
    private Chain chain;
    private EscrowDeployment deployment;
    private EscrowClient tdcWallet;
    private Scenario s;
    private Party relayParty;
    private Path stateDir;
    private int round;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @BeforeAll
    void deploy(LocalNode node) {
        this.node = node;
        chain = node.connect();
        deployment =
                EscrowDeployment.deploy(chain, node.account(0), node.account(1).getAddress());
        new EscrowClient(chain, deployment, node.account(0))
                .mint(node.account(2).getAddress(), 10_000_000);
        tdcWallet = new EscrowClient(chain, deployment, node.account(2));
    }

    @AfterAll
    void closeChain() {
        chain.close();
    }

    @BeforeEach
    void ledger() throws IOException {
        round++;
        s = new Scenario(World.shared(), payout(3, 4), payout(5, 6));
        relayParty = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
        stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay-service")), "state");
        logged.reset();
    }

    @AfterEach
    void closeLedger() {
        s.close();
    }

    private PayoutAccounts payout(int own, int principals) {
        return new PayoutAccounts(
                node.account(own).getAddress(), node.account(principals).getAddress());
    }

    /** A completed contract (receipt in, two instructions PENDING) whose escrow the TDC funded. */
    private String paidFor(String name) {
        String contract = name + round;
        s.active(contract, "0.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        tdcWallet.fund(contract, 10_000);
        tdcWallet.registerPayees(
                contract,
                s.w.sroLedger().evaluate(Contracts.GET, contract).terms().datasets().stream()
                        .map(DatasetClause::payout)
                        .distinct()
                        .toList());
        s.complete(contract, "run-" + contract, "0.5");
        return contract;
    }

    private RelayService start(Chain via, Clock clock, RelayHook hook) throws IOException {
        RelayConfig config = new RelayConfig(via, node.account(1), deployment, "relay", 2, Duration.ofSeconds(3));
        return RelayService.start(
                relayParty.client(),
                config,
                new RelayService.Settings(
                        stateDir,
                        1,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        Duration.ZERO,
                        Duration.ofSeconds(20)),
                clock,
                new PrintStream(logged, true, StandardCharsets.UTF_8),
                hook);
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "not within 90 s: " + what + "; the relay's log:\n" + logged.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
    }

    /** The relay has read the PENDING instructions from the state: a later receipt comes as an event. */
    private void awaitCaughtUp() throws InterruptedException {
        await("the relay caught up from the ledger's state", () -> logged.toString(StandardCharsets.UTF_8)
                .contains("no checkpoint: read"));
    }

    private boolean settled(String contract) {
        return s.payment(contract + ".icmr").status() == PaymentStatus.SETTLED
                && s.payment(contract + ".cowin").status() == PaymentStatus.SETTLED;
    }

    private int payouts(String paymentId) throws IOException {
        EthFilter f = new EthFilter(
                DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, deployment.escrowAddress());
        f.addSingleTopic(org.web3j.abi.EventEncoder.encode(org.depa.payments.contracts.DepaEscrow.SETTLED_EVENT));
        f.addSingleTopic(
                org.depa.payments.chain.ChainKeys.hex(org.depa.payments.chain.ChainKeys.instruction(paymentId)));
        return chain.web3j().ethGetLogs(f).send().getLogs().size();
    }

    private void assertPaidOnce(String contract) throws IOException {
        for (String id : List.of(contract + ".icmr", contract + ".cowin")) {
            assertThat(s.payment(id).status()).isEqualTo(PaymentStatus.SETTLED);
            assertThat(s.payment(id).settledBy()).isEqualTo("relay");
            assertThat(payouts(id)).as("payouts of %s", id).isEqualTo(1);
        }
    }

    @Test
    void followsTheLedgerSettlesOnceAndAfterARestartResumesFromItsCheckpoint() throws Exception {
        String first = paidFor("follow-a");
        try (RelayService relay = start(chain, Clock.systemUTC(), RelayHook.NONE)) {
            await("the first receipt's instructions settled", () -> settled(first));
            await("the status counts them", () -> relay.status().settled() == 2);
            // Settled by the retry pass (read from the state); the follower reads the old events too.
            await("the follower read the old events", () -> relay.status().eventsHandled() >= s.w.ledger.height() - 3);
            assertThat(relay.status().state()).isEqualTo("FOLLOWING");
        }
        RelayStatus stopped = RelayStatus.read(stateDir);
        assertThat(stopped.state()).isEqualTo("STOPPED");
        assertThat(stopped.problem()).isNull();
        long eventsBefore = stopped.eventsHandled();
        long heightAtStop = s.w.ledger.height();

        // While it is stopped a second receipt comes in; the restarted relay starts after its
        // checkpoint: it pays the new receipt and nothing of the first again.
        String second = paidFor("follow-b");
        try (RelayService relay = start(chain, Clock.systemUTC(), RelayHook.NONE)) {
            await("the second receipt's instructions settled", () -> settled(second));
            await("the status counts all four", () -> relay.status().settled() == 4);
            assertThat(relay.status().checkpoint()).doesNotStartWith("1 ");
            assertThat(relay.status().eventsHandled()).isLessThan(s.w.ledger.height() - 1);
        }
        assertPaidOnce(first);
        assertPaidOnce(second);
        assertThat(eventsBefore).isGreaterThanOrEqualTo(heightAtStop - 3);
        assertThat(Files.readString(stateDir.resolve(RelayStatus.FILE)))
                .doesNotContain(node.account(1).getEcKeyPair().getPrivateKey().toString(16));
    }

    /**
     * A relay started fresh (no checkpoint, no journal) on a ledger with history: old SETTLED
     * instructions, old PENDING ones it can pay, and old PENDING ones an earlier relay could not pay
     * (their reason already on the ledger). It reads the PENDING ones from the state instead of
     * settling every old receipt as an event: it writes one ledger transaction per payable
     * instruction (its settlement) and nothing else, pays each once, and then follows new receipts.
     */
    @Test
    void aFreshRelayOnALongLivedLedgerPaysOldPendingOnceAndWritesNothingForTheRest() throws Exception {
        RelayConfig config = new RelayConfig(chain, node.account(1), deployment, "relay", 2, Duration.ofSeconds(3));
        PaymentRelay earlier = new PaymentRelay(
                config,
                relayParty.ledger(),
                new RelayJournal(Files.createTempDirectory(stateDir.getParent(), "lost-journal")),
                RelayHook.NONE);
        List<String> settledBefore = new java.util.ArrayList<>();
        List<String> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String c = paidFor("old-settled-" + i + "-");
            earlier.settleContract(c);
            settledBefore.add(c);
            pending.add(paidFor("old-pending-" + i + "-"));
        }
        String unfunded = "old-unfunded" + round;
        s.active(unfunded, "0.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete(unfunded, "run-" + unfunded, "0.5");
        earlier.settleContract(unfunded);
        assertThat(s.payment(unfunded + ".icmr").pendingReason()).startsWith("escrow not funded");
        // And one no relay has looked at yet (its escrow unfunded, no reason on the ledger): its
        // reason is recorded once, which is what makes the wait visible (issue 12), not a replay.
        String neverTried = "old-never-tried" + round;
        s.active(neverTried, "0.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete(neverTried, "run-" + neverTried, "0.5");
        assertThat(s.payment(neverTried + ".icmr").pendingReason()).isNull();
        for (String c : settledBefore) {
            assertPaidOnce(c);
        }

        long before = s.w.ledger.height();
        try (RelayService relay = start(chain, Clock.systemUTC(), RelayHook.NONE)) {
            await("the old PENDING instructions settled", () -> pending.stream().allMatch(this::settled));
            await("the status counts them", () -> relay.status().settled() == 8);
            await(
                    "the never-tried instructions' reason on the ledger",
                    () -> s.payment(neverTried + ".icmr").pendingReason() != null
                            && s.payment(neverTried + ".cowin").pendingReason() != null);
            assertThat(logged.toString(StandardCharsets.UTF_8))
                    .contains("no checkpoint: read 12 PENDING instructions from the ledger's state as of block "
                            + before);
            // One transaction per paid instruction, each its settlement, and one per unpayable
            // instruction without a reason yet, its deferral: none for the settled ones, none for
            // the unpayable ones whose reason is unchanged, none per old receipt.
            assertThat(s.w.ledger.height() - before).isEqualTo(10);
            assertThat(eventNames(before + 1, 10))
                    .filteredOn(org.depa.ledger.model.catalogue.EventType.PAYMENT_SETTLED.wireName()::equals)
                    .hasSize(8);
            assertThat(eventNames(before + 1, 10))
                    .filteredOn(org.depa.ledger.model.catalogue.EventType.PAYMENT_DEFERRED.wireName()::equals)
                    .hasSize(2);
            assertThat(s.payment(neverTried + ".icmr").pendingReason()).startsWith("escrow not funded");

            // A receipt after the start is followed as an event and settled as before.
            String fresh = paidFor("after-start");
            await("the new receipt's instructions settled", () -> settled(fresh));
            assertPaidOnce(fresh);
        }
        // Started again (its checkpoint, journal and caught-up block kept): a retry pass over the
        // unpayable instructions writes nothing, their reason on the ledger being unchanged.
        long stopped = s.w.ledger.height();
        try (RelayService again = start(chain, Clock.systemUTC(), RelayHook.NONE)) {
            again.tickNow();
            again.tickNow();
        }
        assertThat(s.w.ledger.height())
                .as("ledger transactions by a restarted relay")
                .isEqualTo(stopped);
        for (String c : pending) {
            assertPaidOnce(c);
        }
        for (String c : settledBefore) {
            assertPaidOnce(c);
        }
        assertThat(s.payment(unfunded + ".icmr").status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(s.payment(unfunded + ".cowin").status()).isEqualTo(PaymentStatus.PENDING);
    }

    private List<String> eventNames(long fromBlock, int count) {
        List<String> names = new java.util.ArrayList<>();
        try (var events = relayParty.client().events(fromBlock)) {
            while (names.size() < count && events.hasNext()) {
                names.add(events.next().name());
            }
        }
        return names;
    }

    /**
     * A contract whose validity ends with no transaction at all: the relay notices by its clock and
     * records the expiry, which the chaincode accepts only once the transaction's own time (here
     * the ledger's clock) is past validUntil; then the escrow is closed and the TDC refunded.
     */
    @Test
    void aContractThatExpiresByTimeAloneHasItsEscrowClosedButNotBeforeTheLedgersTimeSaysSo() throws Exception {
        String contract = "expires" + round;
        s.active(contract, "0.5", Scenario.ICMR_DATA);
        tdcWallet.fund(contract, 3_000);
        String validUntil = s.contract(contract).terms().validUntil();
        // The relay's clock is past validUntil; the ledger's is not (a relay whose clock runs ahead).
        MutableClock relayClock =
                new MutableClock(java.time.Instant.parse(validUntil).plusSeconds(60));
        long before = tdcWallet.tokenBalance(tdcWallet.address());
        try (RelayService relay = start(chain, relayClock, RelayHook.NONE)) {
            await(
                    "the relay watches the activated contract",
                    () -> relay.status().watchedForExpiry() == 1);
            relay.tickNow();
            assertThat(s.contract(contract).status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(logged.toString(StandardCharsets.UTF_8)).contains("contract " + contract + " not expired yet");
            assertThat(EscrowView.at(chain, deployment.escrowAddress())
                            .escrow(contract)
                            .closedReason())
                    .isZero();

            s.w.clock.set(java.time.Instant.parse(validUntil).plusSeconds(1));
            relay.tickNow();
            assertThat(s.contract(contract).status()).isEqualTo(ContractStatus.EXPIRED);
            await("the expired contract's escrow closed and refunded", () -> EscrowView.at(
                            chain, deployment.escrowAddress())
                    .escrow(contract)
                    .refunded());
            assertThat(EscrowView.at(chain, deployment.escrowAddress())
                            .escrow(contract)
                            .closedReason())
                    .isEqualTo(CloseReason.EXPIRED.code());
            assertThat(relay.status().watchedForExpiry()).isZero();
        }
        assertThat(tdcWallet.tokenBalance(tdcWallet.address())).isEqualTo(before + 3_000);
    }

    @Test
    void aChainThatCannotBeReachedIsRetriedWithTheReasonShownAndPaysOnceWhenItIsBack() throws Exception {
        try (ChainLink link = new ChainLink(node.rpcUrl());
                Chain via = Chain.connect(link.url(), node.chainId(), Duration.ofMillis(100))) {
            link.cut();
            try (RelayService relay = start(via, Clock.systemUTC(), RelayHook.NONE)) {
                // The receipt comes while the relay follows (one before it started would be read
                // from the state and settled by the retry pass).
                awaitCaughtUp();
                String contract = paidFor("unreachable");
                await("the relay reports the chain unreachable", () -> "RETRYING"
                        .equals(relay.status().state()));
                RelayStatus st = relay.status();
                assertThat(st.problem()).contains("ReceiptSubmitted").containsIgnoringCase("connect");
                assertThat(st.retryAt()).isNotNull();
                Thread.sleep(2_500);
                assertThat(s.payment(contract + ".icmr").status()).isEqualTo(PaymentStatus.PENDING);
                assertThat(payouts(contract + ".icmr") + payouts(contract + ".cowin"))
                        .isZero();

                link.restore();
                await("settled once the chain is back", () -> settled(contract));
                await("the status is back to following", () -> "FOLLOWING"
                        .equals(relay.status().state()));
                assertThat(relay.status().problem()).isNull();
            }
        }
        assertPaidOnce("unreachable" + round);
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .contains("retrying in")
                .contains("recovered");
    }

    /**
     * The link drops right after the first settlement was sent: the relay cannot see its receipt,
     * retries with the reason shown, and once the chain is back it finds the same signed
     * transaction (never a new one) and records it: one payout each.
     */
    @Test
    void aChainLostAfterSendingFindsTheSameTransactionWhenItIsBack() throws Exception {
        String contract = "lost-after-send" + round;
        try (ChainLink link = new ChainLink(node.rpcUrl());
                Chain via = Chain.connect(link.url(), node.chainId(), Duration.ofMillis(100))) {
            AtomicBoolean cutOnce = new AtomicBoolean();
            RelayHook cutAfterSend = (point, id) -> {
                if (point.equals("after-send") && cutOnce.compareAndSet(false, true)) {
                    link.cut();
                }
            };
            try (RelayService relay = start(via, Clock.systemUTC(), cutAfterSend)) {
                awaitCaughtUp();
                paidFor("lost-after-send");
                await("the relay reports the chain unreachable", () -> "RETRYING"
                        .equals(relay.status().state()));
                JournalEntry sent = new RelayJournal(stateDir.resolve("journal"))
                        .all().stream()
                                .filter(e -> e.state() == JournalEntry.State.SIGNED)
                                .findFirst()
                                .orElseThrow();
                assertThat(s.payment(sent.paymentId()).status()).isEqualTo(PaymentStatus.PENDING);
                link.restore();
                await("settled once the chain is back", () -> settled(contract));
                assertThat(s.payment(sent.paymentId()).externalTxHash()).isEqualTo(sent.txHash());
            }
        }
        assertPaidOnce(contract);
    }
}
