package org.depa.payments.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The token and the escrow on a real anvil node, through the Web3j wrappers. */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscrowContractTest {
    private static final String RECEIPT = "0x" + "ab".repeat(32);

    private Chain chain;
    private EscrowClient admin;
    private EscrowClient settler;
    private EscrowClient tdc;
    private EscrowClient tdp;
    private EscrowClient principals;
    private EscrowClient stranger;

    @BeforeAll
    void deploy(LocalNode node) {
        chain = node.connect();
        Credentials adminKey = node.account(0);
        EscrowDeployment d =
                EscrowDeployment.deploy(chain, adminKey, node.account(1).getAddress());
        admin = new EscrowClient(chain, d, adminKey);
        settler = new EscrowClient(chain, d, node.account(1));
        tdc = new EscrowClient(chain, d, node.account(2));
        tdp = new EscrowClient(chain, d, node.account(3));
        principals = new EscrowClient(chain, d, node.account(4));
        stranger = new EscrowClient(chain, d, node.account(5));
        admin.mint(tdc.address(), 1_000_000);
    }

    @AfterAll
    void close() {
        chain.close();
    }

    /** The TDC funds {@code contractId}'s escrow and registers the terms' payees (tdp, principals). */
    private void fund(String contractId, long amount) {
        tdc.fund(contractId, amount);
        tdc.registerPayees(contractId, List.of(new PayoutAccounts(tdp.address(), principals.address())));
    }

    private Settlement payout(String contractId, String payee, long tdpMinor, long dpMinor) {
        return new Settlement(
                contractId + "." + payee, contractId, RECEIPT, tdp.address(), tdpMinor, principals.address(), dpMinor);
    }

    @Test
    void settlesOnceAndEmitsTheInstructionAndReceipt() {
        fund("c-once", 10_000);
        TransactionReceipt r = settler.settle(payout("c-once", "icmr", 900, 100));
        var events = org.depa.payments.contracts.DepaEscrow.getSettledEvents(r);
        assertThat(events).hasSize(1);
        assertThat(ChainKeys.hex(events.get(0).instructionKey))
                .isEqualTo(ChainKeys.hex(ChainKeys.instruction("c-once.icmr")));
        assertThat(ChainKeys.hex(events.get(0).receiptHash)).isEqualTo(RECEIPT);
        assertThat(tdc.escrowBalance("c-once")).isEqualTo(9_000);
        assertThat(tdc.settled("c-once.icmr")).isTrue();

        assertThatThrownBy(() -> settler.settle(payout("c-once", "icmr", 900, 100)))
                .isInstanceOf(ChainException.class);
        assertThat(tdc.escrowBalance("c-once")).isEqualTo(9_000);
    }

    @Test
    void onlyTheSettlementRoleSettles() {
        fund("c-auth", 5_000);
        for (EscrowClient who : new EscrowClient[] {stranger, tdc, tdp, admin}) {
            assertThatThrownBy(() -> who.settle(payout("c-auth", "icmr", 100, 0)))
                    .isInstanceOf(ChainException.class);
        }
        assertThat(tdc.escrowBalance("c-auth")).isEqualTo(5_000);
        assertThat(tdc.settled("c-auth.icmr")).isFalse();
    }

    @Test
    void aSettlementAboveTheEscrowReverts() {
        fund("c-above", 1_000);
        assertThatThrownBy(() -> settler.settle(payout("c-above", "icmr", 900, 101)))
                .isInstanceOf(ChainException.class);
        assertThatThrownBy(() -> settler.settle(payout("c-unfunded", "icmr", 1, 0)))
                .isInstanceOf(ChainException.class);
        assertThat(tdc.escrowBalance("c-above")).isEqualTo(1_000);
        assertThat(tdc.settled("c-above.icmr")).isFalse();
        settler.settle(payout("c-above", "icmr", 900, 100));
        assertThat(tdc.escrowBalance("c-above")).isZero();
    }

    @Test
    void withdrawalsPayExactlyTheCreditedAmounts() {
        fund("c-pay", 20_000);
        long tdpBefore = tdp.tokenBalance(tdp.address()) + tdp.credit(tdp.address());
        long dpBefore = principals.tokenBalance(principals.address()) + principals.credit(principals.address());
        settler.settle(payout("c-pay", "a", 7_000, 700));
        settler.settle(payout("c-pay", "b", 3_000, 300));
        long tdpCredit = tdp.credit(tdp.address());
        long dpCredit = principals.credit(principals.address());
        tdp.withdraw();
        principals.withdraw();
        assertThat(tdp.tokenBalance(tdp.address())).isEqualTo(tdpBefore + 10_000);
        assertThat(principals.tokenBalance(principals.address())).isEqualTo(dpBefore + 1_000);
        assertThat(tdpCredit).isGreaterThanOrEqualTo(10_000);
        assertThat(dpCredit).isGreaterThanOrEqualTo(1_000);
        assertThat(tdp.credit(tdp.address())).isZero();
        assertThatThrownBy(tdp::withdraw).isInstanceOf(ChainException.class);
        assertThatThrownBy(stranger::withdraw).isInstanceOf(ChainException.class);
        assertThat(tdc.escrowBalance("c-pay")).isEqualTo(9_000);
    }

    @Test
    void refundsOnlyAfterCompletionExpiryOrRevocation() {
        for (CloseReason reason : CloseReason.values()) {
            String id = "c-refund-" + reason.name().toLowerCase(java.util.Locale.ROOT);
            fund(id, 4_000);
            settler.settle(payout(id, "icmr", 1_000, 0));
            assertThatThrownBy(() -> tdc.refund(id)).isInstanceOf(ChainException.class);
            assertThatThrownBy(() -> tdc.close(id, reason)).isInstanceOf(ChainException.class);
            assertThatThrownBy(() -> stranger.close(id, reason)).isInstanceOf(ChainException.class);
            settler.close(id, reason);
            assertThatThrownBy(() -> stranger.refund(id)).isInstanceOf(ChainException.class);
            assertThatThrownBy(() -> settler.settle(payout(id, "cowin", 1, 0))).isInstanceOf(ChainException.class);
            assertThatThrownBy(() -> tdc.fund(id, 1)).isInstanceOf(ChainException.class);
            long before = tdc.tokenBalance(tdc.address());
            tdc.refund(id);
            assertThat(tdc.tokenBalance(tdc.address())).isEqualTo(before + 3_000);
            assertThat(tdc.escrowBalance(id)).isZero();
            assertThatThrownBy(() -> tdc.refund(id)).isInstanceOf(ChainException.class);
        }
    }

    /**
     * Gas of one settlement (two fresh credit slots, the settled flag, the escrow balance, the
     * event) against a plain ERC-20 transfer to a fresh account: the aim is at most 3x.
     */
    @Test
    void aSettlementCostsAtMostThreeTransfers() throws java.io.IOException {
        long transfer = tdc.transfer("0x" + "3".repeat(40), 1).getGasUsed().longValueExact();
        String fresh1 = "0x" + "1".repeat(40);
        String fresh2 = "0x" + "2".repeat(40);
        tdc.fund("c-gas2", 10_000);
        tdc.registerPayees("c-gas2", List.of(new PayoutAccounts(fresh1, fresh2)));
        long settle = settler.settle(new Settlement("c-gas.x", "c-gas2", RECEIPT, fresh1, 900, fresh2, 100))
                .getGasUsed()
                .longValueExact();
        java.nio.file.Files.writeString(
                java.nio.file.Path.of("target/gas.txt"),
                "settle " + settle + " transfer " + transfer + " ratio " + (double) settle / transfer + "\n");
        assertThat((double) settle / transfer).isLessThanOrEqualTo(3.0);
    }

    /** A hostile relay (the settlement role itself) cannot pay anyone the funder did not register. */
    @Test
    void aSettlementToAnAccountOutsideTheRegisteredPayeesReverts() {
        fund("c-payees", 5_000);
        for (Settlement elsewhere : List.of(
                new Settlement(
                        "c-payees.icmr", "c-payees", RECEIPT, stranger.address(), 900, principals.address(), 100),
                new Settlement("c-payees.icmr", "c-payees", RECEIPT, tdp.address(), 900, stranger.address(), 100),
                new Settlement("c-payees.icmr", "c-payees", RECEIPT, principals.address(), 900, tdp.address(), 100),
                new Settlement("c-payees.icmr", "c-payees", RECEIPT, settler.address(), 900, settler.address(), 100))) {
            assertThatThrownBy(() -> settler.settle(elsewhere))
                    .isInstanceOf(ChainException.class)
                    .hasMessageContaining("settle failed");
        }
        // An escrow whose funder registered nobody pays nobody.
        tdc.fund("c-nopayees", 5_000);
        assertThatThrownBy(() -> settler.settle(payout("c-nopayees", "icmr", 900, 100)))
                .isInstanceOf(ChainException.class);
        assertThat(tdc.escrowBalance("c-payees")).isEqualTo(5_000);
        assertThat(tdc.escrowBalance("c-nopayees")).isEqualTo(5_000);
        assertThat(tdc.settled("c-payees.icmr")).isFalse();
        settler.settle(payout("c-payees", "icmr", 900, 100));
        assertThat(tdc.escrowBalance("c-payees")).isEqualTo(4_000);
    }

    @Test
    void onlyTheFunderRegistersPayeesAndOnlyOnce() {
        tdc.fund("c-register", 100);
        List<PayoutAccounts> mine = List.of(new PayoutAccounts(stranger.address(), stranger.address()));
        for (EscrowClient who : new EscrowClient[] {stranger, tdp, settler, admin}) {
            assertThatThrownBy(() -> who.registerPayees("c-register", mine)).isInstanceOf(ChainException.class);
        }
        assertThatThrownBy(() -> stranger.registerPayees("c-never-funded", mine))
                .isInstanceOf(ChainException.class);
        assertThatThrownBy(() -> tdc.registerPayees("c-register", List.of())).isInstanceOf(ChainException.class);
        tdc.registerPayees("c-register", List.of(new PayoutAccounts(tdp.address(), principals.address())));
        assertThat(tdc.registeredPrincipals("c-register", tdp.address())).hasValue(principals.address());
        assertThat(tdc.registeredPrincipals("c-register", stranger.address())).isEmpty();
        // Registered once: the TDC cannot swap in other accounts later.
        assertThatThrownBy(() -> tdc.registerPayees("c-register", mine)).isInstanceOf(ChainException.class);
        assertThat(tdc.registeredPrincipals("c-register", stranger.address())).isEmpty();
    }

    /** The relay closes a finished contract's escrow and triggers the refund; the tokens go to the funder. */
    @Test
    void theSettlementRoleRefundsToTheFunderOnly() {
        fund("c-relay-refund", 2_500);
        settler.close("c-relay-refund", CloseReason.COMPLETED);
        long tdcBefore = tdc.tokenBalance(tdc.address());
        long settlerBefore = settler.tokenBalance(settler.address());
        settler.refund("c-relay-refund");
        assertThat(tdc.tokenBalance(tdc.address())).isEqualTo(tdcBefore + 2_500);
        assertThat(settler.tokenBalance(settler.address())).isEqualTo(settlerBefore);
        assertThatThrownBy(() -> settler.refund("c-relay-refund")).isInstanceOf(ChainException.class);
        assertThatThrownBy(() -> settler.refund("c-never-funded")).isInstanceOf(ChainException.class);
    }

    @Test
    void onlyTheFirstFunderAddsToAnEscrow() {
        tdc.fund("c-funder", 100);
        admin.mint(stranger.address(), 100);
        assertThatThrownBy(() -> stranger.fund("c-funder", 100)).isInstanceOf(ChainException.class);
        assertThat(tdc.escrowBalance("c-funder")).isEqualTo(100);
    }
}
