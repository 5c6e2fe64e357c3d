package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.DeferPaymentRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainException;
import org.depa.payments.chain.CloseReason;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.EscrowView;
import org.depa.payments.chain.LocalNode;
import org.depa.payments.contracts.DepaEscrow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/**
 * The relay between the embedded ledger and a real anvil node (a block every 250 ms, two
 * confirmations): one payout per instruction and one ledger record whatever happens.
 */
@ExtendWith(AnvilExtension.class)
@AnvilExtension.BlockTime(millis = 250)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentRelayTest {
    private LocalNode node;
    private Chain chain;
    private EscrowDeployment deployment;
    private EscrowClient tdcWallet;
    private EscrowClient view;
    private Scenario s;
    private Party relayParty;
    private Path journalDir;
    private int round;
    private String contract;
    private boolean registered;

    @BeforeAll
    void deploy(LocalNode node) {
        this.node = node;
        chain = node.connect();
        deployment =
                EscrowDeployment.deploy(chain, node.account(0), node.account(1).getAddress());
        EscrowClient admin = new EscrowClient(chain, deployment, node.account(0));
        admin.mint(node.account(2).getAddress(), 10_000_000);
        tdcWallet = new EscrowClient(chain, deployment, node.account(2));
        view = admin;
    }

    @AfterAll
    void closeChain() {
        chain.close();
    }

    @BeforeEach
    void ledger() throws IOException {
        round++;
        contract = "c" + round;
        registered = false;
        s = new Scenario(World.shared(), payout(3, 4), payout(5, 6));
        s.active(contract, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete(contract, "r" + round, "1");
        relayParty = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
        journalDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay")), "journal");
    }

    @AfterEach
    void closeLedger() {
        s.close();
    }

    /** The payout accounts a TDP names in its dataset terms: anvil accounts {@code own} and {@code principals}. */
    private PayoutAccounts payout(int own, int principals) {
        return new PayoutAccounts(
                node.account(own).getAddress(), node.account(principals).getAddress());
    }

    /**
     * The TDC funds the contract's escrow and (first time) registers the payout accounts of its
     * signed terms: icmr is paid to account 3 (principals 4), cowin to account 5 (principals 6).
     */
    private void fund(long amount) {
        tdcWallet.fund(contract, amount);
        if (!registered) {
            registered = true;
            tdcWallet.registerPayees(
                    contract,
                    s.w.sroLedger().evaluate(Contracts.GET, contract).terms().datasets().stream()
                            .map(DatasetClause::payout)
                            .distinct()
                            .toList());
        }
    }

    private RelayConfig config() {
        return new RelayConfig(chain, node.account(1), deployment, "relay", 2, Duration.ofSeconds(3));
    }

    /** The relay is given no payee accounts: it reads them from the contract's signed terms. */
    private PaymentRelay relay(RelayHook hook) {
        return new PaymentRelay(config(), relayParty.ledger(), new RelayJournal(journalDir), hook);
    }

    private long credits(int account) {
        return view.credit(node.account(account).getAddress());
    }

    private List<org.web3j.protocol.core.methods.response.Log> settledLogs(String paymentId) throws IOException {
        var f = new org.web3j.protocol.core.methods.request.EthFilter(
                org.web3j.protocol.core.DefaultBlockParameterName.EARLIEST,
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST,
                deployment.escrowAddress());
        f.addSingleTopic(org.web3j.abi.EventEncoder.encode(DepaEscrow.SETTLED_EVENT));
        f.addSingleTopic(
                org.depa.payments.chain.ChainKeys.hex(org.depa.payments.chain.ChainKeys.instruction(paymentId)));
        return chain.web3j().ethGetLogs(f).send().getLogs().stream()
                .map(l -> (org.web3j.protocol.core.methods.response.Log) l.get())
                .toList();
    }

    private void assertPaidOnce(String paymentId, PaymentRelay.Outcome o) throws IOException {
        PaymentInstruction p = s.payment(paymentId);
        assertThat(p.status()).isEqualTo(PaymentStatus.SETTLED);
        assertThat(p.settledBy()).isEqualTo("relay");
        assertThat(p.chainId()).isEqualTo(node.chainId());
        assertThat(settledLogs(paymentId)).hasSize(1);
        assertThat(settledLogs(paymentId).get(0).getTransactionHash()).isEqualTo(p.externalTxHash());
        assertThat(settledLogs(paymentId).get(0).getBlockNumber().longValueExact())
                .isEqualTo(p.blockNumber());
        assertThat(o.txHash()).isEqualTo(p.externalTxHash());
    }

    @Test
    void settlesEachInstructionOnceWithTheDataPrincipalsShare() throws Exception {
        fund(10_000);
        long icmr = credits(3);
        long icmrPrincipals = credits(4);
        long cowin = credits(5);
        List<PaymentRelay.Outcome> out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.SETTLED);
        for (PaymentRelay.Outcome o : out) {
            assertPaidOnce(o.paymentId(), o);
        }
        assertThat(credits(3) - icmr).isEqualTo(4_500);
        assertThat(credits(4) - icmrPrincipals).isEqualTo(500);
        assertThat(credits(5) - cowin).isEqualTo(4_500);
        assertThat(view.escrowBalance(contract)).isZero();

        // A second pass, or a second relay with an empty journal, pays nothing more.
        relay(RelayHook.NONE).settleContract(contract);
        journalDir = Files.createTempDirectory(Path.of("target/relay"), "fresh");
        relay(RelayHook.NONE).settleContract(contract);
        assertThat(credits(3) - icmr).isEqualTo(4_500);
        assertThat(settledLogs(contract + ".icmr")).hasSize(1);
    }

    @Test
    void aTransactionOnAChainWithIntervalMiningWaitsAboutABlockNotWeb3jsFifteenSeconds() {
        // approve + fund: two transactions, each mined in the next 250 ms block. With Web3j's default
        // receipt processor (a poll every 15 s) this took at least 30 s.
        long start = System.nanoTime();
        fund(10);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(view.escrowBalance(contract)).isEqualTo(10);
        assertThat(chain.pollInterval()).isEqualTo(LocalNode.POLL_INTERVAL);
        // A poll interval outside 10 ms to 60 s is refused before connecting, naming the value.
        assertThatThrownBy(() -> Chain.connect(node.rpcUrl(), node.chainId(), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 5 ms");
        assertThatThrownBy(() -> Chain.connect(node.rpcUrl(), node.chainId(), Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 120000 ms");
    }

    @Test
    void anUnfundedEscrowLeavesTheInstructionPendingWithTheReasonThenSettlesOnceFunded() throws Exception {
        List<PaymentRelay.Outcome> out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.PENDING);
        assertThat(out.get(0).reason())
                .contains("escrow not funded")
                .contains("holds 0")
                .contains("needs 5000");
        assertThat(new RelayJournal(journalDir)
                        .get(contract + ".cowin")
                        .orElseThrow()
                        .reason())
                .contains("escrow not funded");
        // Every party sees the reason on the ledger (gateway GET /v1/payments/{id}, depa api payments show).
        assertThat(s.payment(contract + ".cowin").pendingReason()).contains("escrow not funded: it holds 0");
        assertThat(s.w.lastEvent().type()).isEqualTo("PaymentDeferred");
        // The same reason again is not written again.
        long height = s.w.ledger.height();
        relay(RelayHook.NONE).settleContract(contract);
        assertThat(s.w.ledger.height()).isEqualTo(height);
        // Only the relay records a reason: the TDC (the payer), a TDP cannot.
        for (Party p : List.of(s.tdc, s.icmr)) {
            LedgerException refused =
                    org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> p.ledger()
                            .submit(
                                    Payments.DEFER,
                                    new DeferPaymentRequest(contract + ".cowin", p.id(), "paid already")));
            assertThat(refused.code()).isEqualTo(ErrorCode.WRONG_ROLE);
        }
        fund(7_000);
        out = relay(RelayHook.NONE).settleContract(contract);
        // Enough for one instruction only: one SETTLED, one still PENDING; never a partial payout.
        assertThat(out)
                .extracting(PaymentRelay.Outcome::status)
                .containsExactlyInAnyOrder(PaymentStatus.SETTLED, PaymentStatus.PENDING);
        assertThat(view.escrowBalance(contract)).isEqualTo(2_000);
        fund(3_000);
        out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.SETTLED);
        assertThat(view.escrowBalance(contract)).isZero();
        // Settled: the reason is gone, the confirmations the payout had are on record; no defer after that.
        PaymentInstruction settled = s.payment(contract + ".cowin");
        assertThat(settled.pendingReason()).isNull();
        assertThat(settled.confirmations()).isGreaterThanOrEqualTo(2);
        LedgerException late = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> relayParty
                .ledger()
                .submit(Payments.DEFER, new DeferPaymentRequest(contract + ".cowin", "relay", "not funded")));
        assertThat(late.code()).isEqualTo(ErrorCode.INVALID_STATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-send", "after-send", "mined", "after-confirm", "after-record"})
    void aRelayStoppedAtAnyPointPaysOnceAfterRestart(String point) throws Exception {
        fund(10_000);
        long icmr = credits(3);
        RelayHook crash = (at, id) -> {
            if (at.equals(point)) {
                throw new IllegalStateException("crash at " + at);
            }
        };
        assertThatThrownBy(() -> relay(crash).settleContract(contract)).hasMessage("crash at " + point);
        List<PaymentRelay.Outcome> out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.SETTLED);
        for (PaymentRelay.Outcome o : out) {
            assertPaidOnce(o.paymentId(), o);
        }
        assertThat(credits(3) - icmr).isEqualTo(4_500);
    }

    @Test
    void aReorganisationBeforeTheConfirmationsSendsTheSameTransactionAgain() throws Exception {
        fund(10_000);
        long icmr = credits(3);
        String[] snapshot = new String[1];
        boolean[] reverted = new boolean[1];
        RelayHook reorg = (at, id) -> {
            try {
                if (at.equals("before-send") && snapshot[0] == null) {
                    snapshot[0] = rpc("evm_snapshot", List.of());
                } else if (at.equals("mined") && !reverted[0]) {
                    reverted[0] = true;
                    rpc("evm_revert", List.of(snapshot[0]));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<PaymentRelay.Outcome> out = relay(reorg).settleContract(contract);
        assertThat(reverted[0]).isTrue();
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.SETTLED);
        for (PaymentRelay.Outcome o : out) {
            assertPaidOnce(o.paymentId(), o);
        }
        assertThat(credits(3) - icmr).isEqualTo(4_500);
    }

    private String rpc(String method, List<String> params) throws IOException {
        Request<String, RawResponse> r = new Request<>(
                method, params, new org.web3j.protocol.http.HttpService(node.rpcUrl()), RawResponse.class);
        return String.valueOf(r.send().getResult());
    }

    /** A JSON-RPC answer of any shape. */
    public static final class RawResponse extends Response<Object> {}

    /**
     * In flight together, an escrow that covers one of a contract's two instructions: the second
     * does not join the round (the escrow's balance, read once, covers only one), so no transaction
     * reverts; it stays PENDING with the reason, never a partial payout.
     */
    @Test
    void inFlightAnEscrowThatCoversOneInstructionPaysOneAndLeavesTheOtherPending() throws Exception {
        fund(7_000);
        List<PaymentRelay.Outcome> out =
                relay(RelayHook.NONE).settleAll(s.w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, contract));
        assertThat(out)
                .extracting(PaymentRelay.Outcome::status)
                .containsExactly(PaymentStatus.SETTLED, PaymentStatus.PENDING);
        assertThat(out.get(1).reason()).contains("escrow not funded").contains("holds 2000");
        assertThat(view.escrowBalance(contract)).isEqualTo(2_000);
        assertPaidOnce(out.get(0).paymentId(), out.get(0));
        assertThat(settledLogs(out.get(1).paymentId())).isEmpty();
    }

    /**
     * The relay keeps the gas price it asked for; when the chain's base fee rises above it, the node
     * refuses the settlement just signed. That transaction is in no pool, so the relay asks the price
     * again and signs the same payout with the same nonce (the journal written before the send
     * again): it is paid once, not stuck re-sending bytes the node refuses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"one at a time", "in flight"})
    void aKeptGasPriceTheChainNoLongerTakesIsAskedAgainAndTheSameNonceSignedOnce(String way) throws Exception {
        fund(10_000);
        PaymentRelay relay = relay(RelayHook.NONE);
        List<PaymentInstruction> two = s.w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, contract);
        PaymentRelay.Outcome first = relay.settle(two.get(0));
        long firstNonce = new RelayJournal(journalDir)
                .get(first.paymentId())
                .orElseThrow()
                .nonce();
        BigInteger kept = chain.gasPrice();
        String baseFee = chain.web3j()
                .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
                .send()
                .getBlock()
                .getBaseFeePerGasRaw();
        rpc("anvil_setNextBlockBaseFeePerGas", List.of(Numeric.toHexStringWithPrefix(kept.multiply(BigInteger.TEN))));
        PaymentRelay.Outcome second;
        try {
            second = way.equals("in flight")
                    ? relay.settleAll(List.of(two.get(1))).get(0)
                    : relay.settle(two.get(1));
        } finally {
            // The node is shared by this class's tests (whose wallets keep their own prices).
            rpc("anvil_setNextBlockBaseFeePerGas", List.of(baseFee));
        }
        assertPaidOnce(first.paymentId(), first);
        assertPaidOnce(second.paymentId(), second);
        JournalEntry e = new RelayJournal(journalDir).get(second.paymentId()).orElseThrow();
        assertThat(e.attempts())
                .as("signed twice: refused at the kept price, then at the new one")
                .isEqualTo(2);
        assertThat(e.nonce()).as("the same nonce both times").isEqualTo(firstNonce + 1);
    }

    /**
     * The relay counts its nonce up from the node's; when something else uses its key meanwhile
     * (here a plain transaction from the same account), the node refuses the next settlement's
     * nonce as used. That transaction can never be mined; the relay asks the node for the nonce and
     * signs again: paid once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"one at a time", "in flight"})
    void aKeptNonceUsedMeanwhileIsAskedAgainAndPaysOnce(String way) throws Exception {
        fund(10_000);
        PaymentRelay relay = relay(RelayHook.NONE);
        List<PaymentInstruction> two = s.w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, contract);
        PaymentRelay.Outcome first = relay.settle(two.get(0));
        long firstNonce = new RelayJournal(journalDir)
                .get(first.paymentId())
                .orElseThrow()
                .nonce();
        var key = node.account(1);
        String raw = Numeric.toHexString(org.web3j.crypto.TransactionEncoder.signMessage(
                org.web3j.crypto.RawTransaction.createEtherTransaction(
                        chain.pendingNonce(key.getAddress()),
                        chain.gasPrice(),
                        BigInteger.valueOf(21_000),
                        key.getAddress(),
                        BigInteger.ZERO),
                node.chainId(),
                key));
        assertThat(chain.web3j().ethSendRawTransaction(raw).send().hasError()).isFalse();
        // Mined (not merely pending, which a same-nonce transaction would try to replace).
        String other = org.web3j.crypto.Hash.sha3(raw);
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (chain.receipt(other).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(chain.receipt(other)).isPresent();
        PaymentRelay.Outcome second =
                way.equals("in flight") ? relay.settleAll(List.of(two.get(1))).get(0) : relay.settle(two.get(1));
        assertPaidOnce(first.paymentId(), first);
        assertPaidOnce(second.paymentId(), second);
        JournalEntry e = new RelayJournal(journalDir).get(second.paymentId()).orElseThrow();
        assertThat(e.attempts()).as("signed twice: refused with the kept nonce").isEqualTo(2);
        assertThat(e.nonce()).as("the nonce after the other transaction's").isEqualTo(firstNonce + 2);
    }

    /**
     * A relay that lost its journal meets an instruction the escrow already paid (a relay crashed
     * after the chain confirmed it, before the ledger record): its simulation is refused, and the
     * escrow's {@code settled[id]} decides between "paid: take that payout" and "a reason to
     * wait". A node that cannot answer that question (a JSON-RPC error, or no answer) makes the
     * pass fail, to be retried: no reason recorded on the ledger, nothing in the journal, nothing
     * sent. Once the node answers, the payout is found and recorded: paid once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ERROR", "DOWN"})
    void aNodeThatCannotSayWhetherAnInstructionIsPaidIsAFailureNeverANotPaid(String fault) throws Exception {
        fund(10_000);
        long paid = credits(3) + credits(5);
        PaymentInstruction first =
                s.w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, contract).get(0);
        RelayHook crash = (at, id) -> {
            if (at.equals("after-confirm")) {
                throw new IllegalStateException("crash at " + at);
            }
        };
        assertThatThrownBy(() -> relay(crash).settle(first)).hasMessage("crash at after-confirm");
        assertThat(view.settled(first.paymentId())).isTrue();
        journalDir = Files.createTempDirectory(Path.of("target/relay"), "lost");
        try (FaultyNode faulty = new FaultyNode(node.rpcUrl());
                Chain through = Chain.connect(faulty.url(), node.chainId(), Duration.ofMillis(100))) {
            PaymentRelay relay = new PaymentRelay(
                    new RelayConfig(through, node.account(1), deployment, "relay", 2, Duration.ofSeconds(3)),
                    relayParty.ledger(),
                    new RelayJournal(journalDir),
                    RelayHook.NONE);
            long nonce = chain.pendingNonce(node.account(1).getAddress()).longValueExact();
            faulty.fault(FaultyNode.Fault.valueOf(fault));
            assertThatThrownBy(() -> relay.settle(s.payment(first.paymentId())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(first.paymentId())
                    .hasMessageContaining("settled[id]");
            assertThat(faulty.faulted()).isPositive();
            assertThat(s.payment(first.paymentId()).status()).isEqualTo(PaymentStatus.PENDING);
            assertThat(s.payment(first.paymentId()).pendingReason())
                    .as("no reason recorded from a question the node did not answer")
                    .isNull();
            assertThat(new RelayJournal(journalDir).all()).isEmpty();
            assertThat(chain.pendingNonce(node.account(1).getAddress()).longValueExact())
                    .as("nothing sent")
                    .isEqualTo(nonce);

            faulty.fault(FaultyNode.Fault.NONE);
            PaymentRelay.Outcome o = relay.settle(s.payment(first.paymentId()));
            assertPaidOnce(first.paymentId(), o);
            assertThat(credits(3) + credits(5) - paid)
                    .as("one TDP's share, once")
                    .isEqualTo(4_500);
        }
    }

    /**
     * A signed settlement whose nonce another transaction of the relay's key used: the node
     * refuses its re-send ("nonce too low") and has no receipt of it, so the relay asks the escrow
     * whether the instruction is paid before signing it again. A node that cannot answer makes the
     * pass fail (retried), never a second signature; once it answers "not paid" the relay signs
     * again and pays once.
     */
    @Test
    void aRefusedResendIsSignedAgainOnlyWhenTheNodeSaysUnpaid() throws Exception {
        fund(10_000);
        long paid = credits(3) + credits(5);
        PaymentInstruction first =
                s.w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, contract).get(0);
        var key = node.account(1);
        long n = chain.pendingNonce(key.getAddress()).longValueExact();
        ChainSender sender = new ChainSender(chain, key, deployment);
        String signed = sender.sign(
                PaymentRelay.settlement(
                                first,
                                new PaymentFacts(relayParty.ledger())
                                        .payout(first)
                                        .orElseThrow(),
                                new PaymentFacts(relayParty.ledger()).receiptHash(first.runId()))
                        .callData(),
                n,
                chain.gasPrice());
        new RelayJournal(journalDir)
                .put(JournalEntry.waiting(first.paymentId(), null, 0).signed(n, signed, ChainSender.hashOf(signed)));
        // The same nonce used by another transaction of the key, mined, before the journal's is sent.
        String other = Numeric.toHexString(org.web3j.crypto.TransactionEncoder.signMessage(
                org.web3j.crypto.RawTransaction.createEtherTransaction(
                        BigInteger.valueOf(n),
                        chain.gasPrice(),
                        BigInteger.valueOf(21_000),
                        key.getAddress(),
                        BigInteger.ZERO),
                node.chainId(),
                key));
        assertThat(chain.web3j().ethSendRawTransaction(other).send().hasError()).isFalse();
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (chain.receipt(org.web3j.crypto.Hash.sha3(other)).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        try (FaultyNode faulty = new FaultyNode(node.rpcUrl());
                Chain through = Chain.connect(faulty.url(), node.chainId(), Duration.ofMillis(100))) {
            PaymentRelay relay = new PaymentRelay(
                    new RelayConfig(through, key, deployment, "relay", 2, Duration.ofSeconds(1)),
                    relayParty.ledger(),
                    new RelayJournal(journalDir),
                    RelayHook.NONE);
            faulty.fault(FaultyNode.Fault.ERROR);
            assertThatThrownBy(() -> relay.settle(first))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("settled[id]");
            assertThat(new RelayJournal(journalDir).get(first.paymentId()).orElseThrow())
                    .as("still the one signature")
                    .extracting(JournalEntry::state, JournalEntry::txHash, JournalEntry::attempts)
                    .containsExactly(JournalEntry.State.SIGNED, ChainSender.hashOf(signed), 1);
            assertThat(chain.pendingNonce(key.getAddress()).longValueExact())
                    .as("nothing signed anew and sent")
                    .isEqualTo(n + 1);

            faulty.fault(FaultyNode.Fault.NONE);
            PaymentRelay.Outcome o = relay.settle(s.payment(first.paymentId()));
            assertPaidOnce(first.paymentId(), o);
            assertThat(credits(3) + credits(5) - paid)
                    .as("one TDP's share, once")
                    .isEqualTo(4_500);
            assertThat(new RelayJournal(journalDir)
                            .get(first.paymentId())
                            .orElseThrow()
                            .attempts())
                    .as("signed again once the node said unpaid")
                    .isEqualTo(2);
        }
    }

    @Test
    void followsTheLedgersEventsFromACheckpointAndRetriesWaitingInstructions() throws Exception {
        RelayJournal journal = new RelayJournal(journalDir);
        Path file = journalDir.resolve("checkpoint");
        RelayFollower follower =
                new RelayFollower(relayParty.client(), relay(RelayHook.NONE), journal, EventCheckpoint.open(file, 1));
        int height = (int) s.w.ledger.height();
        assertThat(follower.follow(height)).isEqualTo(height);
        // The receipt was seen; the escrow is empty, so both instructions wait with the reason.
        assertThat(s.payment(contract + ".icmr").status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(journal.get(contract + ".icmr").orElseThrow().reason()).contains("escrow not funded");
        assertThat(EventCheckpoint.open(file, 1).block()).isEqualTo(height);

        fund(10_000);
        follower.retryWaiting();
        for (String id : List.of(contract + ".icmr", contract + ".cowin")) {
            assertThat(s.payment(id).status()).isEqualTo(PaymentStatus.SETTLED);
            assertThat(settledLogs(id)).hasSize(1);
        }
        // A follower restarted from the checkpoint sees only the four events the relay wrote since
        // (the two reasons it recorded while they waited, and the two settlements).
        RelayFollower restarted =
                new RelayFollower(relayParty.client(), relay(RelayHook.NONE), journal, EventCheckpoint.open(file, 1));
        assertThat(restarted.follow(4)).isEqualTo(4);
        assertThat(s.w.ledger.height()).isEqualTo(height + 4);
    }

    @Test
    void theLedgerRefusesASettlementRecordFromAnyoneButTheRelay() {
        for (Party p : List.of(s.tdc, s.icmr, s.ccr)) {
            LedgerException e = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> p.ledger()
                    .submit(
                            Payments.SETTLE,
                            new SettlePaymentRequest(
                                    contract + ".icmr", p.id(), node.chainId(), "0x" + "ab".repeat(32), 1L)));
            assertThat(e.code()).isEqualTo(ErrorCode.WRONG_ROLE);
        }
        assertThat(s.payment(contract + ".icmr").status()).isEqualTo(PaymentStatus.PENDING);
    }

    @Test
    void paysOnlyTheAccountsOfTheSignedTermsNeverOnesAHostileTdcRegistered() throws Exception {
        // The signed terms carry each TDP's payout accounts, copied by the ledger from its dataset terms.
        assertThat(s.w.sroLedger().evaluate(Contracts.GET, contract).terms().datasets())
                .extracting(DatasetClause::payout)
                .containsExactlyInAnyOrder(payout(3, 4), payout(5, 6));
        // A hostile TDC funds and registers its own account as the only payee.
        registered = true;
        tdcWallet.fund(contract, 10_000);
        String own = node.account(2).getAddress();
        tdcWallet.registerPayees(contract, List.of(new PayoutAccounts(own, own)));
        List<PaymentRelay.Outcome> out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.PENDING);
        assertThat(out.get(0).reason())
                .contains("not registered with this escrow")
                .contains(
                        out.get(0).paymentId().endsWith("icmr")
                                ? payout(3, 4).tdpAccount()
                                : payout(5, 6).tdpAccount());
        assertThat(view.escrowBalance(contract)).isEqualTo(10_000);
        assertThat(settledLogs(contract + ".icmr")).isEmpty();
        assertThat(s.payment(contract + ".icmr").status()).isEqualTo(PaymentStatus.PENDING);
        // Registered once: it cannot swap accounts in later either.
        assertThatThrownBy(() -> tdcWallet.registerPayees(contract, List.of(payout(3, 4), payout(5, 6))))
                .isInstanceOf(ChainException.class);
    }

    @Test
    void termsThatNameNoPayoutAccountsPayNothing() throws Exception {
        s.close();
        s = new Scenario(World.shared());
        s.active(contract, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete(contract, "r" + round, "1");
        relayParty = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
        tdcWallet.fund(contract, 10_000);
        List<PaymentRelay.Outcome> out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.PENDING);
        assertThat(out.get(0).reason()).contains("name no payout accounts");
        assertThat(view.escrowBalance(contract)).isEqualTo(10_000);
    }

    @Test
    void aMalformedPayoutAccountOrTwoForOneTdpIsRefusedNamingWhatIsWrong() {
        String principals = payout(3, 4).principalsAccount();
        for (String bad : List.of("0x1234", "3".repeat(42), "0x" + "0".repeat(40), "0x" + "g".repeat(40))) {
            LedgerException e =
                    org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> s.icmr.ledger()
                            .submit(
                                    Datasets.REGISTER,
                                    World.datasetRequest(
                                            "bad-data", "icmr", "10", new PayoutAccounts(bad, principals))));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("terms.payout.tdpAccount");
        }
        // icmr's second dataset names other accounts: one contract over both would pay icmr twice over.
        s.w.registerDataset(s.icmr, "icmr-more", "10", payout(7, 8));
        LedgerException e = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> s.tdc.ledger()
                .submit(Contracts.PROPOSE, s.proposal(contract + "-two", "1", Scenario.ICMR_DATA, "icmr-more")));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("name different payout accounts");
    }

    @Test
    void closesACompletedContractsEscrowOnceEveryInstructionIsPaidAndRefundsTheRest() throws Exception {
        fund(12_000);
        EscrowCloser closer = new EscrowCloser(config(), relayParty.ledger());
        EscrowCloser.Closing c = closer.close(contract);
        assertThat(c.closed()).isFalse();
        assertThat(c.reason()).contains("2 payment instruction(s) not settled yet");
        relay(RelayHook.NONE).settleContract(contract);
        long before = tdcWallet.tokenBalance(tdcWallet.address());
        c = closer.close(contract);
        assertThat(c.closed()).isTrue();
        assertThat(c.refundedMinor()).isEqualTo(2_000);
        assertThat(tdcWallet.tokenBalance(tdcWallet.address())).isEqualTo(before + 2_000);
        EscrowView.Escrow e = EscrowView.at(chain, deployment.escrowAddress()).escrow(contract);
        assertThat(e.closedReason()).isEqualTo(CloseReason.COMPLETED.code());
        assertThat(e.refunded()).isTrue();
        assertThat(e.balanceMinor()).isZero();
        // Again (a restart, another event): nothing more moves.
        assertThat(closer.close(contract).refundedMinor()).isZero();
        assertThat(tdcWallet.tokenBalance(tdcWallet.address())).isEqualTo(before + 2_000);
    }

    @Test
    void theFollowerClosesARevokedContractsEscrowAndRefundsTheTdc() throws Exception {
        String revoked = contract + "-revoked";
        s.active(revoked, "0.5", Scenario.ICMR_DATA);
        tdcWallet.fund(revoked, 3_000);
        // An active contract's escrow is not closed.
        assertThat(new EscrowCloser(config(), relayParty.ledger())
                        .close(revoked)
                        .reason())
                .contains("is ACTIVE");
        s.w.sroLedger().submit(Contracts.REVOKE, new ContractActionRequest(revoked, null, "withdrawn by the SRO"));
        long before = tdcWallet.tokenBalance(tdcWallet.address());
        RelayFollower follower = new RelayFollower(
                relayParty.client(),
                relay(RelayHook.NONE),
                new RelayJournal(journalDir),
                EventCheckpoint.open(journalDir.resolve("checkpoint"), 1),
                new EscrowCloser(config(), relayParty.ledger()));
        int height = (int) s.w.ledger.height();
        assertThat(follower.follow(height)).isEqualTo(height);
        EscrowView.Escrow e = EscrowView.at(chain, deployment.escrowAddress()).escrow(revoked);
        assertThat(e.closedReason()).isEqualTo(CloseReason.REVOKED.code());
        assertThat(e.refunded()).isTrue();
        assertThat(tdcWallet.tokenBalance(tdcWallet.address())).isEqualTo(before + 3_000);
    }
}
