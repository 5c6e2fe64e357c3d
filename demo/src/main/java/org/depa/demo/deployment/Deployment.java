package org.depa.demo.deployment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.GenuineSnpFixtures;

/**
 * A whole local consortium as separate processes on the Fabric network: the network itself
 * (network.sh), one gateway per organisation (its own TLS server certificate, mutual TLS for its
 * participants, each participant's own ledger enrolment), one kms-bridge per TDP and one for the
 * TDC (each with its own key store and ledger identity) and the CCR provider's operator. {@link #up} waits until every
 * component answers its health check; {@link #status} lists each with its URL, PID and health;
 * {@link #down} stops only what {@code up} started (PID and start time recorded), the operator's
 * clean rooms included, and the network if {@code up} started it.
 */
public final class Deployment {
    /**
     * @param seats the participants to provision (each with its own identities)
     * @param sroMspId the regulator's organisation (its gateway gets the SRO operator)
     * @param gatewayBasePort the first organisation's gateway port; the next ones follow
     * @param bridgeBasePort the first TDP's bridge port; the next ones follow
     * @param readyTimeout how long {@code up} waits for every component's health
     * @param classPath the class path of the operator and the clean room (this program's)
     */
    public record Settings(
            List<Seat> seats,
            String sroMspId,
            int gatewayBasePort,
            int bridgeBasePort,
            Duration readyTimeout,
            String classPath) {}

    /** One line of {@code status}. */
    public record ComponentStatus(String name, String kind, String url, Optional<Long> pid, String health, Path log) {
        public boolean up() {
            return health.equals("UP");
        }
    }

    private final DeploymentLayout layout;
    private final NetworkControl network;
    private final Stopper stopper;

    public Deployment(Path home) {
        this.layout = new DeploymentLayout(home);
        this.network = new NetworkControl(layout);
        this.stopper = new Stopper(layout);
    }

    public DeploymentLayout layout() {
        return layout;
    }

    /** Brings the consortium up (or reports it is already up); returns its record. */
    public DeploymentState up(Settings settings, Consumer<String> progress) throws DeploymentException {
        Optional<DeploymentState> existing = readState();
        if (existing.isPresent()) {
            List<ComponentStatus> now = status();
            if (now.stream().allMatch(ComponentStatus::up)) {
                progress.accept("already up (tag " + existing.get().tag() + ")");
                return existing.get();
            }
            return restartMissing(existing.get(), now, progress);
        }
        Instant t0 = Instant.now();
        try {
            DeploymentLayout.ownerOnly(layout.root());
        } catch (IOException e) {
            throw new DeploymentException("deployment", "cannot create " + layout.root() + ": " + e.getMessage(), e);
        }
        boolean networkWasRunning = network.running();
        new JarBuild(layout).ensure(progress);
        Instant networkStart = Instant.now();
        network.upAndDeploy();
        progress.accept(String.format(
                "Fabric network %s and chaincode deployed (%d s)",
                networkWasRunning ? "running" : "up",
                Duration.between(networkStart, Instant.now()).toSeconds()));
        List<ManagedProcess> started = new ArrayList<>();
        try {
            DeploymentState state = startComponents(settings, !networkWasRunning, started, progress);
            progress.accept(String.format(
                    "consortium up in %d s (tag %s)",
                    Duration.between(t0, Instant.now()).toSeconds(), state.tag()));
            return state;
        } catch (DeploymentException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                stopper.stopQuietly(started.get(i));
            }
            if (!networkWasRunning) {
                try {
                    network.down();
                } catch (DeploymentException ignored) {
                    // the first failure is the one to report; network.log has this one
                }
            }
            throw e;
        }
    }

    /**
     * Starts again, with the identities and configuration they had, the components of a deployment
     * that are not running (a gateway that died, a killed bridge), and the network if it is down.
     */
    private DeploymentState restartMissing(DeploymentState state, List<ComponentStatus> now, Consumer<String> progress)
            throws DeploymentException {
        if (!network.running()) {
            network.upAndDeploy();
            progress.accept("Fabric network up and chaincode deployed");
        }
        ComponentLaunches launches = new ComponentLaunches(layout, "");
        List<ManagedProcess> started = new ArrayList<>();
        List<DeploymentState.Component> restarted = new ArrayList<>();
        for (DeploymentState.Component c : state.components()) {
            boolean up = now.stream().anyMatch(x -> x.name().equals(c.name()) && x.up());
            if (up) {
                continue;
            }
            stopper.stopComponents(List.of(c), progress);
            ComponentLaunches.Launch l = launches.relaunch(state, c);
            progress.accept("starting " + c.name() + " again");
            started.add(ManagedProcess.start(
                    layout, c.name(), c.url(), l.command(), l.environment(), workingDir(c.name())));
            restarted.add(c);
        }
        new Readiness(layout)
                .await(
                        new DeploymentState(state.tag(), state.networkStartedHere(), restarted, List.of()),
                        started,
                        Duration.ofSeconds(240),
                        progress);
        return state;
    }

    private DeploymentState startComponents(
            Settings s, boolean networkStartedHere, List<ManagedProcess> started, Consumer<String> progress)
            throws DeploymentException {
        LocalNetwork net = new LocalNetwork(layout.network());
        List<String> orgs = net.mspIds();
        String tag = "d"
                + DateTimeFormatter.ofPattern("yyMMddHHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        wipeIdentities();
        ConsortiumIdentities.emulatedChip(layout);
        Map<String, String> sroOperators =
                new ConsortiumIdentities(layout, net).provision(orgs, s.sroMspId(), s.seats(), tag);
        progress.accept("identities issued: a TLS CA per organisation, "
                + s.seats().size() + " participants each with a TLS client certificate and a Fabric enrolment");
        new JobOutputsWiring(layout).provision(s.seats(), tag);
        ComponentLaunches launches = new ComponentLaunches(layout, s.classPath());
        List<ComponentLaunches.Launch> all = new ArrayList<>();
        for (int i = 0; i < orgs.size(); i++) {
            all.add(launches.gateway(
                    orgs.get(i), s.gatewayBasePort() + i, Optional.ofNullable(sroOperators.get(orgs.get(i)))));
        }
        List<DeploymentState.PartyEntry> parties = new ArrayList<>();
        int bridgeIndex = 0;
        for (Seat seat : s.seats()) {
            String id = seat.id(tag);
            String gateway = all.stream()
                    .filter(l -> l.mspId().equals(seat.mspId()))
                    .findFirst()
                    .orElseThrow(() -> new DeploymentException(
                            "gateway-" + ComponentLaunches.shortName(seat.mspId()),
                            "the network has no organisation " + seat.mspId() + " for " + id))
                    .url();
            String bridgeUrl = "";
            if (seat.hasBridge()) {
                char[] password = newPassword();
                ConsortiumIdentities.emptyKeyStore(layout.bridgeKeyStore(id), password);
                writePassword(id, password);
                ComponentLaunches.Launch b = launches.bridge(
                        seat.baseId(), id, seat.mspId(), s.bridgeBasePort() + bridgeIndex++, new String(password));
                all.add(b);
                bridgeUrl = b.url();
            }
            parties.add(new DeploymentState.PartyEntry(
                    seat.baseId(), id, seat.mspId(), seat.role().name(), gateway, bridgeUrl));
        }
        all.addAll(new DataEndpointComponents(layout, s.classPath()).provision(s.seats(), orgs, tag));
        Seat ccr = s.seats().stream()
                .filter(x -> x.role() == Role.CCR_PROVIDER)
                .findFirst()
                .orElseThrow(() -> new DeploymentException("operator", "no CCR provider among the participants"));
        all.add(launches.operator(ccr.id(tag), ccr.mspId(), GenuineSnpFixtures.MILAN_MEASUREMENT));
        for (ComponentLaunches.Launch l : all) {
            requirePortFree(l);
        }
        List<DeploymentState.Component> components = new ArrayList<>();
        for (ComponentLaunches.Launch l : all) {
            Path dir = workingDir(l.name());
            started.add(ManagedProcess.start(layout, l.name(), l.url(), l.command(), l.environment(), dir));
            components.add(new DeploymentState.Component(l.name(), l.kind(), l.url(), l.mspId()));
        }
        DeploymentState state = new DeploymentState(tag, networkStartedHere, components, parties);
        try {
            state.write(layout);
        } catch (IOException e) {
            throw new DeploymentException(
                    "deployment", "cannot write " + layout.stateFile() + ": " + e.getMessage(), e);
        }
        new Readiness(layout).await(state, started, s.readyTimeout(), progress);
        return new PaymentComponents(layout, s.classPath())
                .start(state, s.seats(), started, s.readyTimeout(), progress);
    }

    /** Each component of the deployment with its PID and health, then the network's line. */
    public List<ComponentStatus> status() throws DeploymentException {
        Optional<DeploymentState> state = readState();
        List<ComponentStatus> out = new ArrayList<>();
        if (state.isEmpty()) {
            return out;
        }
        Readiness readiness = new Readiness(layout);
        for (DeploymentState.Component c : state.get().components()) {
            Optional<ManagedProcess> m = record(c.name());
            boolean alive = m.map(ManagedProcess::alive).orElse(false);
            String health = alive ? readiness.health(c) : "STOPPED";
            out.add(new ComponentStatus(
                    c.name(),
                    c.kind(),
                    c.url(),
                    alive ? m.map(ManagedProcess::pid) : Optional.empty(),
                    health,
                    layout.log(c.name())));
        }
        out.add(new ComponentStatus(
                "fabric-network",
                "network",
                "var/network (network.sh status)",
                Optional.empty(),
                network.running() ? "UP" : "STOPPED",
                layout.log("network")));
        return out;
    }

    /** Stops every component {@code up} started (and the network if it started it); returns what it stopped. */
    public List<String> down(Consumer<String> progress) throws DeploymentException {
        Optional<DeploymentState> state = readState();
        List<String> stopped = new ArrayList<>();
        List<DeploymentState.Component> components =
                state.map(DeploymentState::components).orElse(List.of());
        stopped.addAll(stopper.stopComponents(components, progress));
        stopped.addAll(stopper.stopLeftoverRecords(progress));
        if (state.isPresent() && state.get().networkStartedHere()) {
            network.down();
            stopped.add("fabric-network");
            progress.accept("stopped the Fabric network (network.sh down)");
        }
        try {
            Files.deleteIfExists(layout.stateFile());
        } catch (IOException e) {
            throw new DeploymentException(
                    "deployment", "cannot remove " + layout.stateFile() + ": " + e.getMessage(), e);
        }
        return stopped;
    }

    private Optional<DeploymentState> readState() throws DeploymentException {
        try {
            return DeploymentState.read(layout);
        } catch (IOException e) {
            throw new DeploymentException("deployment", layout.stateFile() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private Optional<ManagedProcess> record(String name) throws DeploymentException {
        try {
            return ManagedProcess.load(layout, name);
        } catch (IOException e) {
            throw new DeploymentException(name, e.getMessage(), e);
        }
    }

    private void wipeIdentities() throws DeploymentException {
        for (Path dir : List.of(
                layout.root().resolve("orgs"),
                layout.root().resolve("parties"),
                layout.root().resolve("bridges"),
                layout.root().resolve("payments"),
                layout.root().resolve("data-endpoints"),
                layout.operator())) {
            try {
                if (Files.exists(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            } catch (IOException e) {
                throw new DeploymentException("identities", "cannot remove the old " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private Path workingDir(String component) throws DeploymentException {
        try {
            return DeploymentLayout.ownerOnly(layout.root().resolve("work").resolve(component));
        } catch (IOException e) {
            throw new DeploymentException(component, "cannot create its directory: " + e.getMessage(), e);
        }
    }

    private void writePassword(String tdpId, char[] password) throws DeploymentException {
        try {
            DeploymentLayout.writeSecret(layout.bridge(tdpId).resolve("keystore.password"), new String(password));
        } catch (IOException e) {
            throw new DeploymentException("kms-" + tdpId, "cannot write its key-store password: " + e.getMessage(), e);
        }
    }

    private static char[] newPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    private static void requirePortFree(ComponentLaunches.Launch l) throws DeploymentException {
        if (l.url().isEmpty()) {
            return;
        }
        int port = Integer.parseInt(l.url().substring(l.url().lastIndexOf(':') + 1));
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new DeploymentException(l.name(), "port " + port + " is already in use on 127.0.0.1");
        }
    }
}
