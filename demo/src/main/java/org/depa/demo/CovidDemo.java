package org.depa.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.demo.CovidCast.Provider;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.inprocess.InProcessConsortium;
import org.depa.demo.party.Consortium;
import org.depa.demo.remote.DeploymentConsortium;
import org.depa.demo.remote.GatewayConsortium;
import org.depa.ledger.client.fabric.LocalNetwork;

/**
 * {@code depa demo covid}: checks the inputs, opens the consortium the options ask for and runs
 * {@link CovidScenario} on it, the same scenario whichever consortium it is.
 */
public final class CovidDemo {
    /** Which ledger the parties share. */
    public enum Ledger {
        EMBEDDED,
        FABRIC
    }

    /** How the parties reach it: their ledger clients in this JVM, or the gateway's REST API. */
    public enum Via {
        LEDGER,
        GATEWAY,
        /** The running deployment ({@code depa deployment up}): each party through its own organisation's gateway. */
        DEPLOYMENT
    }

    /** Exit status when a component of the deployment is not reachable: nothing was written. */
    public static final int UNREACHABLE = 3;

    /**
     * @param dir where the run keeps its ledger and files
     * @param wipe whether to delete {@code dir} first
     * @param gatewayJar gateway-api's quarkus-run.jar, for {@link Via#GATEWAY}; null for
     *     $DEPA_GATEWAY_JAR or gateway-api/target/quarkus-app in the repository
     * @param tag appended to every id the scenario creates; empty on a fresh ledger
     */
    public record Options(Path dataDir, Path dir, boolean wipe, Ledger ledger, Via via, Path gatewayJar, String tag) {}

    private CovidDemo() {}

    /** The repository's data/covid-poc ({@code depa.home} is the repository, set by ./depa). */
    public static Path defaultDataDir() {
        return home().resolve("data").resolve("covid-poc");
    }

    /** The repository's var/covid-demo, where a run keeps its ledger and files unless told otherwise. */
    public static Path defaultDir() {
        return home().resolve("var").resolve("covid-demo");
    }

    /** The file that marks a directory as a demo's, which a later run may wipe. */
    static final String MARKER = ".depa-demo";

    /** Runs the scenario; returns the exit status: 0 done, 2 for missing inputs or options that do not fit. */
    public static int run(Options o, PrintStream out) throws IOException {
        return run(o, out, c -> {});
    }

    /**
     * Runs the scenario, then {@code atEnd} with the consortium while it is still open (the
     * dashboard option shows it, and keeps it open, there).
     */
    public static int run(Options o, PrintStream out, java.util.function.Consumer<Consortium> atEnd)
            throws IOException {
        if (o.via() == Via.GATEWAY && o.ledger() != Ledger.EMBEDDED) {
            System.err.println("--via gateway runs on the embedded ledger only");
            return 2;
        }
        for (Provider p : CovidCast.PROVIDERS) {
            if (!Files.isRegularFile(o.dataDir().resolve(p.file()))) {
                System.err.println("missing " + o.dataDir().resolve(p.file()) + " (pass --data DIR)");
                return 2;
            }
        }
        Path modelSpec = home().resolve("ccr-agent/examples/covid-model-spec.json");
        if (!Files.isRegularFile(modelSpec)) {
            System.err.println("missing the TDC's model specification " + modelSpec);
            return 2;
        }
        Deployment deployment = new Deployment(home());
        Optional<DeploymentState> deployed;
        try {
            deployed = o.via() == Via.DEPLOYMENT ? DeploymentPreflight.check(deployment) : Optional.empty();
        } catch (DeploymentPreflight.NotReady e) {
            System.err.println("depa demo covid --deployment: " + e.getMessage());
            return e.status();
        }
        String tag = deployed.map(DeploymentState::tag).orElse(o.tag());
        LocalNetwork network = new LocalNetwork(home().resolve("var/network"));
        if (o.ledger() == Ledger.FABRIC && !network.exists()) {
            System.err.println(
                    "no Fabric network in var/network: run network-config/network.sh up && network-config/network.sh deploy");
            return 2;
        }
        if (o.wipe()) {
            if (!wipeable(o.dir())) {
                System.err.println("refusing to wipe " + o.dir() + ": it is not empty and no earlier demo made it (no "
                        + MARKER + " file); choose another --dir, or an empty one");
                return 2;
            }
            deleteTree(o.dir());
        }
        Files.createDirectories(o.dir());
        Files.writeString(o.dir().resolve(MARKER), "made by depa demo covid; wiped by the next run\n");
        if (deployed.isPresent()) {
            DeploymentPreflight.markStarted(deployment, deployed.get());
        }
        Console console = new Console(out);
        Instant t0 = Instant.now();
        try (Consortium consortium = open(o, network, deployment, deployed);
                PaymentChain payments = deployed.isPresent()
                        ? PaymentChain.attach(deployment.layout().payments())
                        : PaymentChain.start(home(), o.dir().resolve("chain"))) {
            console.heading(consortium.description());
            console.line("%s", payments.description());
            CovidScenario.Custody custody = deployed.isPresent()
                    ? deploymentCustody(deployment, deployed.get(), o.dir().resolve("party-keys"))
                    : chip -> new KeyReleaseBridges(o.dir().resolve("kms"), chip, console);
            new CovidScenario(
                            consortium,
                            new CovidCast(tag),
                            o.dataDir(),
                            o.dir(),
                            modelSpec,
                            console,
                            payments,
                            custody,
                            deployed.isPresent()
                                    ? DeploymentJobHost.opener(
                                            deployment, deployed.get(), (DeploymentConsortium) consortium)
                                    : InProcessJobHost.opener(o.dir()))
                    .run();
            console.heading("Done: " + consortium.committed() + " transactions committed in "
                    + Duration.between(t0, Instant.now()).toMillis() + " ms"
                    + consortium.ledgerFile().map(f -> "; ledger file " + f).orElse(""));
            atEnd.accept(consortium);
        }
        return 0;
    }

    private static Consortium open(
            Options o, LocalNetwork network, Deployment deployment, Optional<DeploymentState> deployed)
            throws IOException {
        if (deployed.isPresent()) {
            return DeploymentConsortium.open(deployment.layout(), deployed.get());
        }
        if (o.via() == Via.GATEWAY) {
            return GatewayConsortium.start(o.dir(), o.gatewayJar());
        }
        return o.ledger() == Ledger.FABRIC
                ? InProcessConsortium.fabric(network, o.tag())
                : InProcessConsortium.embedded(o.dir().resolve("ledger"));
    }

    /** The deployment's bridge processes, trusting the host's emulated chip, which the clean room then attests with. */
    private static CovidScenario.Custody deploymentCustody(Deployment deployment, DeploymentState state, Path keys) {
        return new CovidScenario.Custody() {
            @Override
            public DatasetKeyCustody open(SnpEmulator chip) {
                return new DeploymentBridges(deployment, state, keys);
            }

            @Override
            public SnpEmulator chip() {
                return EmulatedChipFile.load(deployment.layout().emulatedChip());
            }

            @Override
            public DatasetHosting hosting() {
                return new DeploymentDataHosting(deployment.layout(), keys.resolveSibling("tdp-samples"));
            }
        };
    }

    private static Path home() {
        return Path.of(System.getProperty("depa.home", ".")).toAbsolutePath().normalize();
    }

    /** A directory a run may wipe: absent, empty, marked by an earlier run, or the default one. */
    static boolean wipeable(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isRegularFile(dir.resolve(MARKER))
                || dir.toAbsolutePath().normalize().equals(defaultDir())) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
