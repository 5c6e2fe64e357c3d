package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.LocalNode;
import org.depa.payments.chain.Settlement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * {@code depa pay fund|status|withdraw} against a real anvil node (a block per transaction): the
 * TDC funds, the settlement role pays one instruction, status shows it with its transaction and
 * confirmations, the payee withdraws; refusals exit 1, bad input 2, an absent node 3.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayCommandTest {
    private static final String RECEIPT_HASH = "0x" + "ab".repeat(32);
    private LocalNode node;
    private Chain chain;
    private EscrowDeployment deployment;

    @TempDir
    Path dir;

    @BeforeAll
    void deploy(LocalNode node) {
        this.node = node;
        chain = node.connect();
        deployment =
                EscrowDeployment.deploy(chain, node.account(0), node.account(1).getAddress());
        new EscrowClient(chain, deployment, node.account(0))
                .mint(node.account(2).getAddress(), 1_000_000);
    }

    @AfterAll
    void close() {
        chain.close();
    }

    private Path key(int account) throws Exception {
        Path f = dir.resolve("account-" + account + ".key");
        Files.writeString(
                f,
                Numeric.toHexStringWithPrefixZeroPadded(
                        node.account(account).getEcKeyPair().getPrivateKey(), 64));
        return f;
    }

    /** As a user runs it: {@link Main#commandLine}'s exception handling (usage errors exit 2). */
    private static DatasetCommandTest.Outcome run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine(Path.of("").toAbsolutePath());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int status = cl.execute(args);
        return new DatasetCommandTest.Outcome(status, out.toString(), err.toString());
    }

    private DatasetCommandTest.Outcome pay(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "pay",
                args[0],
                "--rpc-url",
                node.rpcUrl(),
                "--chain-id",
                Long.toString(node.chainId()),
                "--escrow",
                deployment.escrowAddress()));
        all.addAll(List.of(args).subList(1, args.length));
        return run(all.toArray(String[]::new));
    }

    @Test
    void fundSettleStatusWithdraw() throws Exception {
        String payee = node.account(3).getAddress();
        String principals = node.account(4).getAddress();
        // The first funding must name the payout accounts of the contract's signed terms.
        DatasetCommandTest.Outcome noPayees =
                pay("fund", "--contract", "c1", "--amount", "5000", "--key-file", key(2).toString());
        assertThat(noPayees.status()).isEqualTo(2);
        assertThat(noPayees.err()).contains("--payee is required");
        assertThat(pay(
                                "fund",
                                "--contract",
                                "c1",
                                "--amount",
                                "5000",
                                "--key-file",
                                key(2).toString(),
                                "--payee",
                                "0x12")
                        .err())
                .contains("--payee must be TDP_ACCOUNT,PRINCIPALS_ACCOUNT");
        DatasetCommandTest.Outcome funded = pay(
                "fund",
                "--contract",
                "c1",
                "--amount",
                "5000",
                "--key-file",
                key(2).toString(),
                "--payee",
                payee + "," + principals);
        assertThat(funded.status()).as(funded.err()).isZero();
        assertThat(funded.json().get("payeesRegistered").asInt()).isEqualTo(1);
        // Registered once: a later funding cannot swap in other accounts.
        DatasetCommandTest.Outcome swap = pay(
                "fund",
                "--contract",
                "c1",
                "--amount",
                "1",
                "--key-file",
                key(2).toString(),
                "--payee",
                node.account(2).getAddress() + "," + node.account(2).getAddress());
        assertThat(swap.status()).isEqualTo(1);
        assertThat(swap.err()).contains("registered already");
        assertThat(funded.json().get("txHash").asText()).matches("0x[0-9a-f]{64}");
        assertThat(funded.json().get("escrowMinor").asLong()).isEqualTo(5000);

        DatasetCommandTest.Outcome before = pay("status", "--contract", "c1", "--payment", "c1.icmr");
        assertThat(before.status()).as(before.err()).isZero();
        assertThat(before.json().get("funded").asBoolean()).isTrue();
        assertThat(before.json().get("funder").asText())
                .isEqualToIgnoringCase(node.account(2).getAddress());
        assertThat(before.json().get("payouts")).isEmpty();
        assertThat(before.json().get("notPaid").get(0).asText()).isEqualTo("c1.icmr");

        String settleTx = new EscrowClient(chain, deployment, node.account(1))
                .settle(new Settlement("c1.icmr", "c1", RECEIPT_HASH, payee, 1800, principals, 200))
                .getTransactionHash();
        // Another block on top: two confirmations.
        new EscrowClient(chain, deployment, node.account(0))
                .mint(node.account(9).getAddress(), 1);

        JsonNode s = pay("status", "--contract", "c1", "--payment", "c1.icmr", "--payment", "c1.cowin")
                .json();
        assertThat(s.get("escrowMinor").asLong()).isEqualTo(3000);
        assertThat(s.get("state").asText()).isEqualTo("open");
        JsonNode payout = s.get("payouts").get(0);
        assertThat(payout.get("paymentId").asText()).isEqualTo("c1.icmr");
        assertThat(payout.get("txHash").asText()).isEqualTo(settleTx);
        assertThat(payout.get("confirmations").asLong()).isEqualTo(2);
        assertThat(payout.get("payeeMinor").asLong()).isEqualTo(1800);
        assertThat(payout.get("principalsMinor").asLong()).isEqualTo(200);
        assertThat(payout.get("receiptHash").asText()).isEqualTo(RECEIPT_HASH);
        assertThat(s.get("notPaid")).hasSize(1);
        assertThat(s.get("notPaid").get(0).asText()).isEqualTo("c1.cowin");
        assertThat(s.get("balances").findValuesAsText("creditMinor")).containsExactlyInAnyOrder("1800", "200");

        DatasetCommandTest.Outcome withdrawn = pay("withdraw", "--key-file", key(3).toString());
        assertThat(withdrawn.status()).as(withdrawn.err()).isZero();
        assertThat(withdrawn.json().get("withdrawnMinor").asLong()).isEqualTo(1800);
        assertThat(withdrawn.json().get("tokenBalanceMinor").asLong()).isEqualTo(1800);

        DatasetCommandTest.Outcome again = pay("withdraw", "--key-file", key(3).toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("nothing to withdraw").doesNotContain("Exception");
        JsonNode after = pay("status", "--contract", "c1").json();
        assertThat(after.get("balances").findValuesAsText("tokenBalanceMinor")).contains("1800");
    }

    @Test
    void refusalsExitOne() throws Exception {
        DatasetCommandTest.Outcome tooMuch = pay(
                "fund",
                "--contract",
                "c2",
                "--amount",
                "999999999",
                "--key-file",
                key(2).toString(),
                "--payee",
                node.account(3).getAddress() + "," + node.account(4).getAddress());
        assertThat(tooMuch.status()).isEqualTo(1);
        assertThat(tooMuch.err()).contains("fewer than --amount 999999999").doesNotContain("Exception");

        // An address without the escrow's code behind it.
        DatasetCommandTest.Outcome notEscrow = run(
                "pay",
                "status",
                "--rpc-url",
                node.rpcUrl(),
                "--escrow",
                node.account(5).getAddress(),
                "--contract",
                "c2");
        assertThat(notEscrow.status()).isEqualTo(1);
        assertThat(notEscrow.err()).contains("is " + node.account(5).getAddress() + " a DepaEscrow?");
    }

    @Test
    void badInputExitsTwoAndAnAbsentNodeThree() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key");
        assertThat(pay("fund", "--contract", "c3", "--amount", "0", "--key-file", key(2).toString())
                        .err())
                .contains("--amount must be at least 1");
        DatasetCommandTest.Outcome badKey = pay("withdraw", "--key-file", garbage.toString());
        assertThat(badKey.status()).isEqualTo(2);
        assertThat(badKey.err()).contains("must hold one private key");
        DatasetCommandTest.Outcome badEscrow =
                run("pay", "status", "--rpc-url", node.rpcUrl(), "--escrow", "0x12", "--contract", "c3");
        assertThat(badEscrow.status()).isEqualTo(2);
        assertThat(badEscrow.err()).contains("--escrow must be an address");
        DatasetCommandTest.Outcome wrongChain = run(
                "pay",
                "status",
                "--rpc-url",
                node.rpcUrl(),
                "--chain-id",
                "5",
                "--escrow",
                deployment.escrowAddress(),
                "--contract",
                "c3");
        assertThat(wrongChain.status()).isEqualTo(2);
        assertThat(wrongChain.err()).contains("serves chain " + node.chainId() + ", not the configured 5");
        DatasetCommandTest.Outcome badContract = pay("status", "--contract", "C 3");
        assertThat(badContract.status()).isEqualTo(2);

        DatasetCommandTest.Outcome absent = run(
                "pay",
                "status",
                "--rpc-url",
                "http://127.0.0.1:1",
                "--escrow",
                deployment.escrowAddress(),
                "--contract",
                "c3");
        assertThat(absent.status()).isEqualTo(3);
        assertThat(absent.err()).contains("does not answer").doesNotContain("Exception:");
    }
}
