package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay as a separate process (RelayMain) over an embedded ledger on disk, killed with
 * SIGKILL at each point of a settlement and started again: each run ends with one payout per
 * instruction on chain and one settlement record on the ledger.
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

    @AfterAll
    void close() {
        chain.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-send", "after-send", "mined", "after-confirm", "after-record"})
    void killedWithSigkillAtEachPointPaysOnceAfterRestart(String point) throws Exception {
        String contract = "k-" + point;
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay-kill")), point);
        Path ledgerDir = dir.resolve("ledger");
        Path journal = dir.resolve("journal");
        try (Scenario s =
                new Scenario(new World(EmbeddedLedger.builder().directory(ledgerDir), CredentialSource.memo()))) {
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
        Files.writeString(
                dir.resolve("accounts"),
                "icmr=" + node.account(3).getAddress() + "," + node.account(4).getAddress() + "\n" + "cowin="
                        + node.account(5).getAddress() + "," + node.account(6).getAddress() + "\n");
        tdcWallet.fund(contract, 10_000);
        long icmr = view.credit(node.account(3).getAddress());
        long principals = view.credit(node.account(4).getAddress());

        Process first = relay(dir, ledgerDir, journal, contract, point);
        Path marker = journal.resolve("stopped-at");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(marker) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(marker).as("the relay reached " + point).exists();
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process second = relay(dir, ledgerDir, journal, contract, null);
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue())
                .as(Files.readString(dir.resolve("relay-out.txt"), StandardCharsets.UTF_8))
                .isZero();

        try (World w = new World(EmbeddedLedger.builder().directory(ledgerDir))) {
            TypedLedger sro = w.sroLedger();
            for (PaymentInstruction p : sro.evaluate(Payments.LIST_BY_CONTRACT, contract)) {
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
                }
            }
            assertThat(settledEvents).hasSize(2);
        }
        assertThat(view.credit(node.account(3).getAddress()) - icmr).isEqualTo(4_500);
        assertThat(view.credit(node.account(4).getAddress()) - principals).isEqualTo(500);
        assertThat(view.escrowBalance(contract)).isZero();
    }

    private Process relay(Path dir, Path ledgerDir, Path journal, String contract, String stopAt) throws IOException {
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
                "--accounts", dir.resolve("accounts").toString(),
                "--journal", journal.toString(),
                "--contract", contract,
                "--poll-ms", Long.toString(LocalNode.POLL_INTERVAL.toMillis())));
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
