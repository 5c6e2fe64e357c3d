package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
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
        s = new Scenario();
        s.active(contract, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete(contract, "r" + round, "1");
        relayParty = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
        journalDir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay")), "journal");
    }

    @AfterEach
    void closeLedger() {
        s.close();
    }

    /** icmr is paid to account 3 (principals 4), cowin to account 5 (principals 6). */
    private PaymentRelay relay(RelayHook hook) {
        PayeeAccounts accounts = new PayeeAccounts()
                .put("icmr", node.account(3).getAddress(), node.account(4).getAddress())
                .put("cowin", node.account(5).getAddress(), node.account(6).getAddress());
        RelayConfig config =
                new RelayConfig(chain, node.account(1), deployment, "relay", accounts, 2, Duration.ofSeconds(3));
        return new PaymentRelay(config, relayParty.ledger(), new RelayJournal(journalDir), hook);
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
        tdcWallet.fund(contract, 10_000);
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
        tdcWallet.fund(contract, 10);
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
        tdcWallet.fund(contract, 7_000);
        out = relay(RelayHook.NONE).settleContract(contract);
        // Enough for one instruction only: one SETTLED, one still PENDING; never a partial payout.
        assertThat(out)
                .extracting(PaymentRelay.Outcome::status)
                .containsExactlyInAnyOrder(PaymentStatus.SETTLED, PaymentStatus.PENDING);
        assertThat(view.escrowBalance(contract)).isEqualTo(2_000);
        tdcWallet.fund(contract, 3_000);
        out = relay(RelayHook.NONE).settleContract(contract);
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.SETTLED);
        assertThat(view.escrowBalance(contract)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-send", "after-send", "mined", "after-confirm", "after-record"})
    void aRelayStoppedAtAnyPointPaysOnceAfterRestart(String point) throws Exception {
        tdcWallet.fund(contract, 10_000);
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
        tdcWallet.fund(contract, 10_000);
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

        tdcWallet.fund(contract, 10_000);
        follower.retryWaiting();
        for (String id : List.of(contract + ".icmr", contract + ".cowin")) {
            assertThat(s.payment(id).status()).isEqualTo(PaymentStatus.SETTLED);
            assertThat(settledLogs(id)).hasSize(1);
        }
        // A follower restarted from the checkpoint sees only the two settlements it recorded since.
        RelayFollower restarted =
                new RelayFollower(relayParty.client(), relay(RelayHook.NONE), journal, EventCheckpoint.open(file, 1));
        assertThat(restarted.follow(2)).isEqualTo(2);
        assertThat(s.w.ledger.height()).isEqualTo(height + 2);
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
}
