package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * {@code RelayMain relay.properties}, the relay's own long-running process: configuration from a
 * file, the key only from an owner-only file or the environment, and SIGTERM stopping it cleanly
 * with its status and log written and nothing paid twice.
 */
@ExtendWith(AnvilExtension.class)
@AnvilExtension.BlockTime(millis = 250)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayProcessTest {
    private LocalNode node;
    private Chain chain;
    private EscrowDeployment deployment;
    private EscrowClient tdcWallet;

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
    void close() {
        chain.close();
    }

    private PayoutAccounts payout(int own, int principals) {
        return new PayoutAccounts(
                node.account(own).getAddress(), node.account(principals).getAddress());
    }

    private String keyHex() {
        return node.account(1).getEcKeyPair().getPrivateKey().toString(16);
    }

    private String properties(Path dir, Path keyFile) {
        return String.join(
                "\n",
                "relayId=relay",
                "stateDir=" + dir.resolve("state"),
                "ledger=embedded",
                "embeddedDir=" + dir.resolve("ledger"),
                "mspId=RelayMSP",
                "clientCertificate=" + dir.resolve("relay.pem"),
                "rpcUrl=" + node.rpcUrl(),
                "chainId=" + node.chainId(),
                "token=" + deployment.tokenAddress(),
                "escrow=" + deployment.escrowAddress(),
                "keyFile=" + keyFile,
                "pollMillis=100",
                "retryEverySeconds=1",
                "");
    }

    /** Runs RelayProcess in this JVM on {@code props}; returns its exit code and what it printed to stderr. */
    private static String[] runInJvm(Path file, String props) throws Exception {
        Files.writeString(file, props);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = RelayProcess.run(file);
            return new String[] {Integer.toString(code), captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void badConfigurationIsRefusedNamingWhatIsWrongAndNeverEchoesAKey() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay-process")), "config");
        Path key = dir.resolve("relay.key");
        Files.writeString(key, keyHex());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("relay.properties");
        String good = properties(dir, key);

        String[] r = runInJvm(file, good.replace("stateDir=", "stateDirectory="));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("stateDir: required");

        r = runInJvm(file, good + "privateKey=" + keyHex() + "\n");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1])
                .contains("privateKey: a key does not belong in the configuration")
                .doesNotContain(keyHex());

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        r = runInJvm(file, good);
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("keyFile: " + key + " is open to other users");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(key, keyHex() + "zz");
        r = runInJvm(file, good);
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("not a private key in hex").doesNotContain(keyHex());

        Files.writeString(key, keyHex());
        r = runInJvm(file, good.replace("retryEverySeconds=1", "retryEverySeconds=soon"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("retryEverySeconds: must be a whole number, was 'soon'");
    }

    @Test
    void aRelayProcessSettlesWhatItFollowsAndStopsCleanlyOnSigterm() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/relay-process")), "service");
        String contract = "served";
        try (Scenario s = new Scenario(
                new World(EmbeddedLedger.builder().directory(dir.resolve("ledger")), CredentialSource.memo()),
                payout(3, 4),
                payout(5, 6))) {
            s.active(contract, "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
            s.complete(contract, "r1", "1");
            s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            Files.writeString(
                    dir.resolve("relay.pem"),
                    s.w.clientIdentity("RelayMSP", "relay-client").certificatePem());
        }
        Path key = dir.resolve("relay.key");
        Files.writeString(key, keyHex());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        tdcWallet.fund(contract, 10_000);
        tdcWallet.registerPayees(contract, List.of(payout(3, 4), payout(5, 6)));
        Path props = Files.writeString(dir.resolve("relay.properties"), properties(dir, key));
        Path state = dir.resolve("state");

        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RelayMain.class.getName(),
                        props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("relay-out.txt").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(state.resolve(RelayStatus.FILE))
                    && RelayStatus.read(state).settled() == 2)) {
                assertThat(p.isAlive())
                        .as("the relay process runs: " + Files.readString(dir.resolve("relay-out.txt")))
                        .isTrue();
                assertThat(System.nanoTime()).as("settled within 120 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(RelayStatus.read(state).state()).isEqualTo("FOLLOWING");
            assertThat(Files.readString(dir.resolve("relay-out.txt"))).contains(RelayProcess.RUNNING + "relay");
        } finally {
            p.destroy(); // SIGTERM
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isIn(0, 143);
        RelayStatus stopped = RelayStatus.read(state);
        assertThat(stopped.state()).isEqualTo("STOPPED");
        String log = Files.readString(state.resolve("relay.log"));
        assertThat(log).contains("following the ledger's events as relay").contains("stopped at");
        for (Path f :
                List.of(state.resolve("relay.log"), state.resolve(RelayStatus.FILE), dir.resolve("relay-out.txt"))) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(keyHex());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("relay.log"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rwx------");

        try (World w = new World(EmbeddedLedger.builder().directory(dir.resolve("ledger")))) {
            List<PaymentInstruction> all = w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, contract);
            assertThat(all)
                    .hasSize(2)
                    .allMatch(x -> x.status() == PaymentStatus.SETTLED && "relay".equals(x.settledBy()));
        }
        assertThat(tdcWallet.escrowBalance(contract)).isZero();
    }
}
