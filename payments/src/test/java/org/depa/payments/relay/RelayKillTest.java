package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.LocalNode;
import org.depa.testkit.CredentialSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay as a separate process (RelayMain) over an embedded ledger on disk, killed with
 * SIGKILL at each point of a settlement in turn and started again: the run ends with one payout
 * per instruction on chain and one settlement record on the ledger.
 */
@ExtendWith(AnvilExtension.class)
@AnvilExtension.BlockTime(millis = 250)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayKillTest {
    private LocalNode node;
    private Chain chain;
    private EscrowDeployment deployment;
    private EscrowClient tdcWallet;
    private EscrowClient view;

    @BeforeAll
    void deploy(LocalNode node) {
        this.node = node;
        chain = node.connect();
        deployment =
                EscrowDeployment.deploy(chain, node.account(0), node.account(1).getAddress());
        view = new EscrowClient(chain, deployment, node.account(0));
        view.mint(node.account(2).getAddress(), 10_000_000);
        tdcWallet = new EscrowClient(chain, deployment, node.account(2));
    }

    /** The payout accounts a TDP names in its dataset terms: anvil accounts {@code own} and {@code principals}. */
    private PayoutAccounts payout(int own, int principals) {
        return new PayoutAccounts(
                node.account(own).getAddress(), node.account(principals).getAddress());
    }

    @AfterAll
    void close() {
        chain.close();
    }

    /**
     * One contract, two instructions, six relay processes: each of the first five is killed with
     * SIGKILL at the next point (before-send, after-send, mined, after-confirm, after-record) and the
     * next process starts from what the killed one left (its journal, the ledger, the chain); the
     * sixth runs to the end. The first kill leaves one instruction signed but maybe never sent; the
     * second kill comes after the other instruction's first send; the last three kill the relay
     * with that instruction mined, confirmed, and recorded on the ledger but not in the journal.
     */
    @Test
    void killedWithSigkillAtEachPointInTurnPaysEachInstructionOnce() throws Exception {
        String contract = "k-each-point";
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay-kill")), "points");
        Path ledgerDir = dir.resolve("ledger");
        Path journal = dir.resolve("journal");
        try (Scenario s = new Scenario(
                new World(EmbeddedLedger.builder().directory(ledgerDir), CredentialSource.memo()),
                payout(3, 4),
                payout(5, 6))) {
            s.active(contract, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
            s.complete(contract, "r1", "1");
            s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            // The relay process acts through the client identity the participant was registered
            // with (the ledger binds each participant to its own client), not its signing certificate.
            Files.writeString(
                    dir.resolve("relay.pem"),
                    s.w.clientIdentity("RelayMSP", "relay-client").certificatePem());
        }
        Files.writeString(
                dir.resolve("relay.key"),
                node.account(1).getEcKeyPair().getPrivateKey().toString(16));
        tdcWallet.fund(contract, 10_000);
        tdcWallet.registerPayees(contract, List.of(payout(3, 4), payout(5, 6)));
        long icmr = view.credit(node.account(3).getAddress());
        long principals = view.credit(node.account(4).getAddress());
        long cowin = view.credit(node.account(5).getAddress());

        // What the journal holds for the instruction the relay was working on when killed there
        // (null: nothing yet). The signed transaction is the only entry synced before its step:
        // MINED is not written and RECORDED waits for the next sync, so from the send on the
        // journal says SIGNED, and the restart must find the chain's receipt and the ledger's
        // record itself. "checked" kills the second instruction's first pass, after the first
        // instruction was settled and recorded by that same process (its RECORDED not yet on disk).
        Map<String, JournalEntry.State> leftAt = new LinkedHashMap<>();
        leftAt.put("before-send", JournalEntry.State.SIGNED);
        leftAt.put("checked", null);
        leftAt.put("after-send", JournalEntry.State.SIGNED);
        leftAt.put("mined", JournalEntry.State.SIGNED);
        leftAt.put("after-confirm", JournalEntry.State.SIGNED);
        leftAt.put("after-record", JournalEntry.State.SIGNED);
        Path marker = journal.resolve("stopped-at");
        List<String> killedOn = new ArrayList<>();
        for (Map.Entry<String, JournalEntry.State> point : leftAt.entrySet()) {
            Files.deleteIfExists(marker);
            Process p = relay(dir, ledgerDir, journal, contract, point.getKey());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(marker)
                    .as("the relay reached " + point.getKey() + ": "
                            + Files.readString(dir.resolve("relay-out.txt"), StandardCharsets.UTF_8))
                    .exists();
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String[] stopped =
                    Files.readString(marker, StandardCharsets.UTF_8).strip().split(" ");
            assertThat(stopped[0]).isEqualTo(point.getKey());
            assertThat(new RelayJournal(journal)
                            .get(stopped[1])
                            .map(JournalEntry::state)
                            .orElse(null))
                    .as("the journal of " + stopped[1] + " when killed at " + point.getKey())
                    .isEqualTo(point.getValue());
            if (point.getKey().equals("checked")) {
                // The first instruction: paid and recorded, but the journal still says SIGNED.
                String first = killedOn.get(0);
                assertThat(new RelayJournal(journal).get(first).orElseThrow().state())
                        .isEqualTo(JournalEntry.State.SIGNED);
                assertThat(view.settled(first)).isTrue();
            }
            killedOn.add(stopped[1]);
        }
        // The first kill was on one instruction, the five others on the other one, first sent after it.
        assertThat(killedOn.subList(1, 6)).containsOnly(killedOn.get(1));
        assertThat(killedOn.get(0)).isNotEqualTo(killedOn.get(1));

        Files.deleteIfExists(marker);
        Process last = relay(dir, ledgerDir, journal, contract, null);
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue())
                .as(Files.readString(dir.resolve("relay-out.txt"), StandardCharsets.UTF_8))
                .isZero();
        assertThat(marker).doesNotExist();

        try (World w = new World(EmbeddedLedger.builder().directory(ledgerDir))) {
            TypedLedger sro = w.sroLedger();
            List<PaymentInstruction> instructions = sro.evaluate(Payments.LIST_BY_CONTRACT, contract);
            assertThat(instructions).hasSize(2);
            for (PaymentInstruction p : instructions) {
                assertThat(p.status()).isEqualTo(PaymentStatus.SETTLED);
                assertThat(p.settledBy()).isEqualTo("relay");
                assertThat(view.settled(p.paymentId())).isTrue();
            }
            // Every committed write emits exactly one event: read them all, count the settlements.
            List<String> settledEvents = new ArrayList<>();
            try (var events = w.sro.events(1)) {
                for (long i = 0; i < w.ledger.height(); i++) {
                    var e = events.next();
                    if (e.name().equals("PaymentSettled")) {
                        settledEvents.add(new String(e.payload(), StandardCharsets.UTF_8));
                    }
                    // A second record of a settled instruction (accepted as the same) would show here.
                    assertThat(e.name()).isNotEqualTo("PaymentSettlementConfirmed");
                }
            }
            assertThat(settledEvents).hasSize(2);
        }
        assertThat(view.credit(node.account(3).getAddress()) - icmr).isEqualTo(4_500);
        assertThat(view.credit(node.account(4).getAddress()) - principals).isEqualTo(500);
        assertThat(view.credit(node.account(5).getAddress()) - cowin).isEqualTo(4_500);
        assertThat(view.escrowBalance(contract)).isZero();
    }

    /**
     * Several settlements in flight ({@code --in-flight together}, what the service does): both
     * instructions of a contract are signed with consecutive nonces and journalled before either is
     * sent. One contract per kill point, each relay process SIGKILLed there and a new one run to
     * the end: before the first send (both signed, nothing on chain), after the first send only
     * (the second signed but never sent: its nonce follows one the node has), with both mined, and
     * after the first ledger record. Each instruction is paid once and recorded once.
     */
    @Test
    void killedWithSeveralSettlementsInFlightPaysEachInstructionOnce() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay-kill")), "in-flight");
        Path ledgerDir = dir.resolve("ledger");
        Map<String, JournalEntry.State> points = new LinkedHashMap<>();
        // Between the round's one journal sync (one append to the log for both signatures) and
        // its first send: both on disk, neither on chain.
        points.put("before-send#1", JournalEntry.State.SIGNED);
        points.put("after-send#1", JournalEntry.State.SIGNED);
        // Only the signatures are synced (before the first send): from then on the journal says
        // SIGNED, MINED is never written and RECORDED waits for the next round's sync.
        points.put("mined#2", JournalEntry.State.SIGNED);
        points.put("after-record#1", JournalEntry.State.SIGNED);
        List<String> contracts = new ArrayList<>();
        try (Scenario s = new Scenario(
                new World(EmbeddedLedger.builder().directory(ledgerDir), CredentialSource.memo()),
                payout(3, 4),
                payout(5, 6))) {
            for (int i = 0; i < points.size(); i++) {
                String contract = "k-flight-" + i;
                s.active(contract, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
                s.complete(contract, "rf" + i, "1");
                contracts.add(contract);
            }
            s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            Files.writeString(
                    dir.resolve("relay.pem"),
                    s.w.clientIdentity("RelayMSP", "relay-client").certificatePem());
        }
        Files.writeString(
                dir.resolve("relay.key"),
                node.account(1).getEcKeyPair().getPrivateKey().toString(16));
        for (String contract : contracts) {
            tdcWallet.fund(contract, 10_000);
            tdcWallet.registerPayees(contract, List.of(payout(3, 4), payout(5, 6)));
        }
        long icmr = view.credit(node.account(3).getAddress());
        long principals = view.credit(node.account(4).getAddress());
        long cowin = view.credit(node.account(5).getAddress());

        int i = 0;
        for (Map.Entry<String, JournalEntry.State> point : points.entrySet()) {
            String contract = contracts.get(i++);
            Path journal = dir.resolve("journal-" + contract);
            Files.createDirectories(journal);
            Path marker = journal.resolve("stopped-at");
            Process p = relay(dir, ledgerDir, journal, contract, point.getKey(), "together");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(marker)
                    .as("the relay reached " + point.getKey() + ": "
                            + Files.readString(dir.resolve("relay-out.txt"), StandardCharsets.UTF_8))
                    .exists();
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Both instructions are in the journal, in flight together, in the state the point says.
            List<JournalEntry> left = new RelayJournal(journal).all();
            assertThat(left).hasSize(2);
            assertThat(left).extracting(JournalEntry::state).containsOnly(point.getValue());
            assertThat(Math.abs(left.get(1).nonce() - left.get(0).nonce()))
                    .as("consecutive nonces")
                    .isEqualTo(1);
            if (point.getKey().equals("before-send#1")) {
                for (JournalEntry e : left) {
                    assertThat(view.settled(e.paymentId()))
                            .as("sent before the kill")
                            .isFalse();
                }
            }
            Files.delete(marker);
            Process rest = relay(dir, ledgerDir, journal, contract, null, "together");
            assertThat(rest.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(rest.exitValue())
                    .as(Files.readString(dir.resolve("relay-out.txt"), StandardCharsets.UTF_8))
                    .isZero();
        }

        try (World w = new World(EmbeddedLedger.builder().directory(ledgerDir))) {
            TypedLedger sro = w.sroLedger();
            for (String contract : contracts) {
                for (PaymentInstruction p : sro.evaluate(Payments.LIST_BY_CONTRACT, contract)) {
                    assertThat(p.status()).isEqualTo(PaymentStatus.SETTLED);
                    assertThat(p.settledBy()).isEqualTo("relay");
                    assertThat(view.settled(p.paymentId())).isTrue();
                }
                assertThat(view.escrowBalance(contract))
                        .as("escrow of %s", contract)
                        .isZero();
            }
            List<String> settledEvents = new ArrayList<>();
            try (var events = w.sro.events(1)) {
                for (long n = 0; n < w.ledger.height(); n++) {
                    var e = events.next();
                    if (e.name().equals("PaymentSettled")) {
                        settledEvents.add(new String(e.payload(), StandardCharsets.UTF_8));
                    }
                    // A second record of a settled instruction (accepted as the same) would show here.
                    assertThat(e.name()).isNotEqualTo("PaymentSettlementConfirmed");
                }
            }
            assertThat(settledEvents).hasSize(2 * contracts.size());
        }
        int n = contracts.size();
        assertThat(view.credit(node.account(3).getAddress()) - icmr).isEqualTo(4_500L * n);
        assertThat(view.credit(node.account(4).getAddress()) - principals).isEqualTo(500L * n);
        assertThat(view.credit(node.account(5).getAddress()) - cowin).isEqualTo(4_500L * n);
    }

    private Process relay(Path dir, Path ledgerDir, Path journal, String contract, String stopAt) throws IOException {
        return relay(dir, ledgerDir, journal, contract, stopAt, "one");
    }

    private Process relay(Path dir, Path ledgerDir, Path journal, String contract, String stopAt, String inFlight)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived process: C1 only and the serial collector start it fastest; the
                // relay's code and behaviour are the same.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                RelayMain.class.getName()));
        cmd.addAll(List.of(
                "--ledger-dir", ledgerDir.toString(),
                "--relay-id", "relay",
                "--relay-msp", "RelayMSP",
                "--relay-cert", dir.resolve("relay.pem").toString(),
                "--rpc-url", node.rpcUrl(),
                "--chain-id", Long.toString(node.chainId()),
                "--key-file", dir.resolve("relay.key").toString(),
                "--token", deployment.tokenAddress(),
                "--escrow", deployment.escrowAddress(),
                "--journal", journal.toString(),
                "--contract", contract,
                "--poll-ms", Long.toString(LocalNode.POLL_INTERVAL.toMillis()),
                "--in-flight", inFlight));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("relay-out.txt").toFile()));
        if (stopAt != null) {
            pb.environment().put("DEPA_RELAY_STOP_AT", stopAt);
        } else {
            pb.environment().remove("DEPA_RELAY_STOP_AT");
        }
        return pb.start();
    }
}
