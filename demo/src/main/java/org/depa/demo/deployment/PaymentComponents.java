package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.depa.ledger.model.domain.Role;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainException;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.LocalNode;
import org.depa.payments.relay.RelayService;
import org.depa.payments.relay.RelayStatus;

/**
 * The deployment's payment chain and payment relay (issue 12): an anvil node ({@code
 * scripts/anvil.sh run}, a block a second, its state kept in {@code payments/chain/state.json} so a
 * restarted node keeps its contracts and balances) with a fresh token and escrow, and the relay
 * process ({@code RelayMain relay.properties}) acting through the relay participant's own Fabric
 * enrolment. The chain's addresses are in {@code payments/chain.properties} (no secret); the
 * relay's key (the escrow's settlement role, anvil's development account 1) is in an owner-only
 * file named by its properties, never on a command line.
 */
final class PaymentComponents {
    static final String CHAIN = "payment-chain";
    static final String RELAY = "payment-relay";
    /** The chain's fixed loopback port, beside the gateways' and bridges'. */
    static final int CHAIN_PORT = 18545;

    static final long CHAIN_ID = 31337;

    private final DeploymentLayout layout;
    private final String java;
    private final String classPath;

    PaymentComponents(DeploymentLayout layout, String classPath) {
        this.layout = layout;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = classPath;
    }

    Path dir() {
        return layout.payments();
    }

    Path chainDir() {
        return dir().resolve("chain");
    }

    /** {@code payments/chain.properties}: rpcUrl, chainId, token, escrow; for the demo and {@code depa pay}. */
    Path chainFile() {
        return dir().resolve("chain.properties");
    }

    Path relayState() {
        return dir().resolve("relay");
    }

    ComponentLaunches.Launch chain() {
        return new ComponentLaunches.Launch(
                CHAIN,
                CHAIN,
                "",
                "http://127.0.0.1:" + CHAIN_PORT,
                List.of(
                        layout.home().resolve("scripts/anvil.sh").toString(),
                        "run",
                        "--dir",
                        chainDir().toString(),
                        "--port",
                        Integer.toString(CHAIN_PORT),
                        "--chain-id",
                        Long.toString(CHAIN_ID),
                        "--block-time",
                        "1"),
                Map.of());
    }

    ComponentLaunches.Launch relay(String mspId) {
        return new ComponentLaunches.Launch(
                RELAY,
                RELAY,
                mspId,
                "",
                List.of(
                        java,
                        "-Xmx256m",
                        "-cp",
                        classPath,
                        "org.depa.payments.relay.RelayMain",
                        dir().resolve("relay.properties").toString()),
                Map.of());
    }

    /**
     * Starts the chain, deploys the token and the escrow, then starts the relay as participant
     * {@code relay} (the seat of role PAYMENT_RELAY); returns {@code state} with both added.
     */
    DeploymentState start(
            DeploymentState state,
            List<Seat> seats,
            List<ManagedProcess> started,
            Duration timeout,
            Consumer<String> progress)
            throws DeploymentException {
        Seat relaySeat = seats.stream()
                .filter(x -> x.role() == Role.PAYMENT_RELAY)
                .findFirst()
                .orElseThrow(() -> new DeploymentException(RELAY, "no participant of role PAYMENT_RELAY to run it"));
        String relayId = relaySeat.id(state.tag());
        try {
            DeploymentLayout.ownerOnly(chainDir());
        } catch (IOException e) {
            throw new DeploymentException(CHAIN, "cannot create " + chainDir() + ": " + e.getMessage(), e);
        }
        ComponentLaunches.Launch chainLaunch = chain();
        ManagedProcess node =
                ManagedProcess.start(layout, CHAIN, chainLaunch.url(), chainLaunch.command(), Map.of(), chainDir());
        started.add(node);
        EscrowDeployment deployment = deployContracts(node, timeout, progress);
        writeRelayFiles(relayId, relaySeat.mspId(), deployment);
        ComponentLaunches.Launch relayLaunch = relay(relaySeat.mspId());
        ManagedProcess relay = ManagedProcess.start(layout, RELAY, "", relayLaunch.command(), Map.of(), relayState());
        started.add(relay);
        List<DeploymentState.Component> all = new ArrayList<>(state.components());
        all.add(new DeploymentState.Component(CHAIN, CHAIN, chainLaunch.url(), ""));
        all.add(new DeploymentState.Component(RELAY, RELAY, "", relaySeat.mspId()));
        DeploymentState withPayments =
                new DeploymentState(state.tag(), state.networkStartedHere(), all, state.parties());
        try {
            withPayments.write(layout);
        } catch (IOException e) {
            throw new DeploymentException(
                    "deployment", "cannot write " + layout.stateFile() + ": " + e.getMessage(), e);
        }
        new Readiness(layout)
                .await(
                        new DeploymentState(
                                state.tag(),
                                state.networkStartedHere(),
                                all.subList(all.size() - 1, all.size()),
                                List.of()),
                        List.of(relay),
                        timeout,
                        progress);
        return withPayments;
    }

    /** Waits for the node, then deploys a fresh token and escrow from account 0 (account 1 settles). */
    private EscrowDeployment deployContracts(ManagedProcess node, Duration timeout, Consumer<String> progress)
            throws DeploymentException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!node.alive()) {
                throw new DeploymentException(CHAIN, "exited while starting; see " + node.log());
            }
            if (Files.isRegularFile(chainDir().resolve("accounts.json")) && "UP".equals(chainHealth())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new DeploymentException(
                        CHAIN, "not answering after " + timeout.toSeconds() + " s; see " + node.log());
            }
            ManagedProcess.sleep(300);
        }
        try (Chain chain = Chain.connect(node.url(), CHAIN_ID, LocalNode.POLL_INTERVAL)) {
            LocalNode accounts = LocalNode.attach(chainDir());
            EscrowDeployment d = EscrowDeployment.deploy(
                    chain, accounts.account(0), accounts.account(1).getAddress());
            Properties p = new Properties();
            p.setProperty("rpcUrl", node.url());
            p.setProperty("chainId", Long.toString(CHAIN_ID));
            p.setProperty("token", d.tokenAddress());
            p.setProperty("escrow", d.escrowAddress());
            DeploymentLayout.writeSecret(chainFile(), text(p));
            progress.accept(String.format(
                    "%-18s up   %-26s pid %-7d token %s, escrow %s",
                    CHAIN, node.url(), node.pid(), d.tokenAddress(), d.escrowAddress()));
            return d;
        } catch (IOException | ChainException e) {
            throw new DeploymentException(CHAIN, "cannot deploy the token and escrow: " + e.getMessage(), e);
        }
    }

    private void writeRelayFiles(String relayId, String mspId, EscrowDeployment d) throws DeploymentException {
        try {
            LocalNode accounts = LocalNode.attach(chainDir());
            Path key = DeploymentLayout.writeSecret(
                    dir().resolve("relay.key"),
                    accounts.account(1).getEcKeyPair().getPrivateKey().toString(16));
            Path party = layout.party(relayId);
            String props = String.join(
                    "\n",
                    "relayId=" + relayId,
                    "stateDir=" + relayState(),
                    "ledger=fabric",
                    "network=" + layout.network(),
                    "mspId=" + mspId,
                    "clientCertificate=" + party.resolve("fabric/cert.pem"),
                    "clientKey=" + party.resolve("fabric/key.pem"),
                    "rpcUrl=http://127.0.0.1:" + CHAIN_PORT,
                    "chainId=" + CHAIN_ID,
                    "token=" + d.tokenAddress(),
                    "escrow=" + d.escrowAddress(),
                    "keyFile=" + key,
                    "confirmations=2",
                    "retryEverySeconds=5",
                    // Within the deployment's own 20 s before it kills a component.
                    "stopGraceSeconds=10",
                    "");
            DeploymentLayout.writeSecret(dir().resolve("relay.properties"), props);
            DeploymentLayout.writeSecret(dir().resolve("relay.classpath"), classPath);
            DeploymentLayout.ownerOnly(relayState());
        } catch (IOException e) {
            throw new DeploymentException(RELAY, "cannot write its configuration: " + e.getMessage(), e);
        }
    }

    /** UP when the node answers JSON-RPC with the deployment's chain id. */
    String chainHealth() {
        try (Chain c = Chain.connect("http://127.0.0.1:" + CHAIN_PORT, CHAIN_ID, LocalNode.POLL_INTERVAL)) {
            return "UP";
        } catch (ChainException e) {
            return "DOWN";
        }
    }

    /**
     * The relay's own status file: UP while it follows, and while it waits for its participant's registration (the
     * scenario registers it after {@code up}; its status file says UNREGISTERED); else its state (STARTING, RETRYING:
     * the problem is there).
     */
    String relayHealth() {
        try {
            String state = RelayStatus.read(relayState()).state();
            return state.equals("FOLLOWING") || state.equals(RelayService.UNREGISTERED) ? "UP" : state;
        } catch (IOException | RuntimeException e) {
            return "STARTING";
        }
    }

    /** The launch {@code up} made, for starting it again (the relay's class path is the one written at up). */
    ComponentLaunches.Launch relaunch(DeploymentState.Component c) throws IOException {
        if (c.kind().equals(CHAIN)) {
            return chain();
        }
        String cp = Files.readString(dir().resolve("relay.classpath")).strip();
        return new PaymentComponents(layout, cp).relay(c.mspId());
    }

    private static String text(Properties p) {
        StringBuilder b = new StringBuilder();
        p.stringPropertyNames().stream()
                .sorted()
                .forEach(k -> b.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return b.toString();
    }
}
