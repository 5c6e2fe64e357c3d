package org.depa.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Status;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.LocalNode;
import org.depa.payments.relay.PaymentRelay;
import org.depa.payments.relay.RelayConfig;
import org.depa.payments.relay.RelayHook;
import org.depa.payments.relay.RelayJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * --chain against a real anvil node: a contract's two instructions settled by the payment relay and
 * recorded SETTLED on an embedded ledger, then the ledger's writes (the stored bytes of the
 * receipt and the payments) replayed into the check, honest and doctored.
 */
@ExtendWith(AnvilExtension.class)
@AnvilExtension.BlockTime(millis = 250)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainSettlementCheckTest {
    private LocalNode node;
    private Chain chain;
    private EscrowDeployment deployment;
    private Scenario s;
    private String receipt;
    private String contract;
    private PaymentInstruction icmr;
    private PaymentInstruction cowin;

    @BeforeAll
    void settleOnChain(LocalNode node) throws Exception {
        this.node = node;
        chain = node.connect();
        deployment =
                EscrowDeployment.deploy(chain, node.account(0), node.account(1).getAddress());
        new EscrowClient(chain, deployment, node.account(0))
                .mint(node.account(2).getAddress(), 1_000_000);
        EscrowClient tdc = new EscrowClient(chain, deployment, node.account(2));
        tdc.fund("c1", 10_000);
        s = new Scenario(World.shared(), payout(3, 4), payout(5, 6));
        s.active("c1", "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete("c1", "r1", "1");
        tdc.registerPayees("c1", List.of(payout(3, 4), payout(5, 6)));
        Party relay = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
        Path journal = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay")), "journal");
        RelayConfig config = new RelayConfig(chain, node.account(1), deployment, "relay", 1, Duration.ofSeconds(3));
        List<PaymentRelay.Outcome> out = new PaymentRelay(
                        config, relay.ledger(), new RelayJournal(journal), RelayHook.NONE)
                .settleContract("c1");
        assertThat(out).extracting(PaymentRelay.Outcome::status).containsOnly(PaymentStatus.SETTLED);
        receipt = new String(s.w.sroLedger().evaluateBytes(Runs.GET_RECEIPT, "r1"), StandardCharsets.UTF_8);
        contract = new String(s.w.sroLedger().evaluateBytes(Contracts.GET, "c1"), StandardCharsets.UTF_8);
        icmr = stored("c1.icmr");
        cowin = stored("c1.cowin");
    }

    @AfterAll
    void close() {
        s.close();
        chain.close();
    }

    private PayoutAccounts payout(int own, int principals) {
        return new PayoutAccounts(
                node.account(own).getAddress(), node.account(principals).getAddress());
    }

    private PaymentInstruction stored(String id) {
        return Json.read(s.w.sroLedger().evaluateBytes(Payments.GET, id), PaymentInstruction.class);
    }

    private Map<String, Web3Settlements.Payees> payees() {
        return Map.of(
                "icmr",
                        new Web3Settlements.Payees(
                                node.account(3).getAddress(), node.account(4).getAddress()),
                "cowin",
                        new Web3Settlements.Payees(
                                node.account(5).getAddress(), node.account(6).getAddress()));
    }

    /** The replay of the receipt's write and then {@code payments}' SETTLED writes, checked against the node. */
    private List<CheckResult> audit(
            String escrow, Map<String, Web3Settlements.Payees> payees, PaymentInstruction... payments) {
        List<CheckResult> results = new ArrayList<>();
        try (Web3Settlements lookup = Web3Settlements.connect(node.rpcUrl(), escrow, payees)) {
            ChainSettlementCheck check = new ChainSettlementCheck(lookup);
            List<CommittedTx.Write> writes = new ArrayList<>();
            writes.add(new CommittedTx.Write("\u0000contract\u0000c1\u0000", contract, false));
            writes.add(new CommittedTx.Write("\u0000receipt\u0000r1\u0000", receipt, false));
            for (PaymentInstruction p : payments) {
                writes.add(new CommittedTx.Write(
                        "\u0000payment\u0000" + p.paymentId() + "\u0000", Json.canonicalString(p), false));
            }
            check.transaction(
                    new CommittedTx("block 9 tx 0 (t)", 9, 0, "t", Instant.EPOCH, "RelayMSP", "depa", writes),
                    results::add);
            check.finish(results::add);
        }
        return results;
    }

    private List<CheckResult> audit(PaymentInstruction... payments) {
        return audit(deployment.escrowAddress(), payees(), payments);
    }

    private static PaymentInstruction edit(PaymentInstruction p, UnaryOperator<String> json) {
        return Json.read(json.apply(Json.canonicalString(p)), PaymentInstruction.class);
    }

    private static String failure(List<CheckResult> r) {
        assertThat(r).extracting(CheckResult::id).containsOnly(ChainSettlementCheck.CHAIN_SETTLEMENT);
        List<CheckResult> failed =
                r.stream().filter(c -> c.status() == Status.FAIL).toList();
        assertThat(failed).hasSize(1);
        return failed.get(0).details();
    }

    @Test
    void theHonestSettlementsMatchTheChain() {
        List<CheckResult> r = audit(icmr, cowin);
        assertThat(r)
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.status()).as(c.details()).isEqualTo(Status.PASS));
        assertThat(audit(deployment.escrowAddress(), Map.of(), icmr, cowin))
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.PASS));
    }

    @Test
    void aPaymentRecordedSettledWithNoChainEventFails() {
        PaymentInstruction made = edit(icmr, j -> j.replace(icmr.externalTxHash(), "0x" + "ab".repeat(32)));
        assertThat(failure(audit(made))).contains("the chain has no transaction 0xabab");
        // A real transaction of the escrow, but it paid the other instruction.
        PaymentInstruction other = edit(icmr, j -> j.replace(icmr.externalTxHash(), cowin.externalTxHash())
                .replace("\"blockNumber\":" + icmr.blockNumber(), "\"blockNumber\":" + cowin.blockNumber()));
        assertThat(failure(audit(other))).contains("holds no Settled event", "c1.icmr");
    }

    @Test
    void anotherChainBlockOrAmountFails() {
        assertThat(failure(audit(edit(icmr, j -> j.replace("\"chainId\":" + icmr.chainId(), "\"chainId\":1")))))
                .contains("records chain 1", "serves chain " + node.chainId());
        assertThat(failure(audit(edit(
                        icmr,
                        j -> j.replace(
                                "\"blockNumber\":" + icmr.blockNumber(),
                                "\"blockNumber\":" + (icmr.blockNumber() + 1))))))
                .contains("the ledger records " + (icmr.blockNumber() + 1));
        PaymentInstruction more = edit(
                icmr,
                j -> j.replace("\"payeeMinor\":" + icmr.payeeMinor(), "\"payeeMinor\":" + (icmr.payeeMinor() + 100)));
        assertThat(failure(audit(more))).contains("the chain paid " + icmr.payeeMinor());
    }

    @Test
    void theWrongEscrowPayeesOrReceiptFail() {
        assertThat(failure(audit(node.account(9).getAddress(), payees(), icmr))).contains("holds no Settled event");
        Map<String, Web3Settlements.Payees> swapped = Map.of(
                "icmr",
                new Web3Settlements.Payees(
                        node.account(5).getAddress(), node.account(6).getAddress()));
        assertThat(failure(audit(deployment.escrowAddress(), swapped, icmr)))
                .contains("not --payees' accounts for icmr");
        // Without --payees, the contract's signed terms: a contract record naming other accounts fails.
        String before0 = contract;
        contract = contract.replace(
                node.account(3).getAddress().toLowerCase(java.util.Locale.ROOT),
                node.account(7).getAddress().toLowerCase(java.util.Locale.ROOT));
        try {
            assertThat(contract).isNotEqualTo(before0);
            assertThat(failure(audit(deployment.escrowAddress(), Map.of(), icmr)))
                    .contains("not the accounts contract c1's signed terms name for icmr");
        } finally {
            contract = before0;
        }
        String before = receipt;
        receipt = receipt.replace("\"r1\"", "\"r1\" ");
        try {
            assertThat(failure(audit(icmr))).contains("receipt hashes to");
        } finally {
            receipt = before;
        }
    }

    @Test
    void aLedgerWithoutSettledPaymentsSkipsAndADeadNodeIsAnInputError() {
        PaymentInstruction pending = edit(icmr, j -> j.replace("\"SETTLED\"", "\"PENDING\""));
        assertThat(audit(pending)).singleElement().satisfies(c -> assertThat(c.status())
                .isEqualTo(Status.SKIP));
        assertThatThrownBy(() -> Web3Settlements.connect("http://127.0.0.1:1", deployment.escrowAddress(), Map.of()))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("does not answer");
        assertThatThrownBy(() -> Web3Settlements.connect(node.rpcUrl(), "0x12", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--escrow");
    }
}
