package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.depa.demo.CovidDemo;
import org.depa.demo.CovidDeployment;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.ledger.model.Hashes;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consortium as separate processes (issue 11, item 5) on the running network: {@code up}
 * starts a gateway per organisation, a bridge per TDP and one for the TDC, and the operator, and waits for their
 * health;
 * {@code status} lists them; with one organisation's gateway killed, the COVID scenario names it,
 * exits 3 and writes nothing; after {@code up} again the scenario runs with every party through its
 * own gateway and each TDP's key in its own bridge process; {@code down} leaves none of them
 * running (and not the network, which this test did not start).
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIT {
    private static final Path HOME = Path.of(System.getProperty("depa.home")).toAbsolutePath();
    private static final Deployment DEPLOYMENT = new Deployment(HOME);
    private static final List<Long> PIDS = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    @Order(1)
    void upStartsEveryComponentHealthyWithOwnerOnlyFilesAndNoSecretOnACommandLine() throws Exception {
        Instant t0 = Instant.now();
        DeploymentState state = DEPLOYMENT.up(settings(), line -> System.out.println("[up] " + line));
        System.out.println(
                "[up] wall time " + Duration.between(t0, Instant.now()).toMillis() + " ms");
        List<Deployment.ComponentStatus> status = DEPLOYMENT.status();
        assertThat(status)
                .extracting(Deployment.ComponentStatus::name)
                .containsExactly(
                        "gateway-sro",
                        "gateway-provider",
                        "gateway-consumer",
                        "kms-icmr",
                        "kms-cowin",
                        "kms-index",
                        "kms-" + SpecRelease.tdcBaseId(),
                        "data-icmr",
                        "data-cowin",
                        "data-index",
                        "data-" + SpecRelease.tdcBaseId(),
                        "operator",
                        "payment-chain",
                        "payment-relay",
                        "fabric-network");
        assertThat(status).allSatisfy(c -> assertThat(c.health()).as(c.name()).isEqualTo("UP"));
        status.forEach(c -> c.pid().ifPresent(PIDS::add));
        assertThat(PIDS).hasSize(14);
        assertThat(state.parties()).hasSize(CovidDeployment.seats().size());
        assertThat(status.stream().filter(c -> c.kind().equals("kms-bridge")))
                .hasSize(4)
                .allSatisfy(c -> assertThat(c.url()).startsWith("https://127.0.0.1:"));
        BridgeTlsChecks.assertHttpsOnlyAndOwnerOnly(DEPLOYMENT);
        BridgeTlsChecks.assertABridgeWithoutTlsMaterialDoesNotStart(DEPLOYMENT, dir);

        Path root = DEPLOYMENT.layout().root();
        assertThat(Files.getPosixFilePermissions(root)).containsExactlyInAnyOrderElementsOf(ownerAll());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("key.pem")
                            || p.getFileName().toString().equals("keystore.password")
                            || p.getFileName().toString().endsWith(".log"))
                    .toList()) {
                assertThat(Files.getPosixFilePermissions(f))
                        .as(f.toString())
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
        }
        // The relay's settlement key is in an owner-only file its properties name: on no command line, in no log.
        String relayKey = Files.readString(DEPLOYMENT.layout().payments().resolve("relay.key"));
        assertThat(Files.getPosixFilePermissions(DEPLOYMENT.layout().payments().resolve("relay.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        for (long pid : PIDS) {
            assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).doesNotContain(relayKey);
        }
        try (Stream<Path> logs = Files.list(DEPLOYMENT.layout().logs())) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(relayKey);
            }
        }
        // The bridges' key-store passwords reach them through the environment only: not on any component's
        // command line (which every local user can read) and not in any log.
        for (DeploymentState.PartyEntry tdp : state.parties()) {
            if (tdp.bridge().isEmpty()) {
                continue;
            }
            String password =
                    Files.readString(DEPLOYMENT.layout().bridge(tdp.id()).resolve("keystore.password"));
            for (long pid : PIDS) {
                assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline")))
                        .doesNotContain(password);
            }
            try (Stream<Path> logs = Files.list(DEPLOYMENT.layout().logs())) {
                for (Path log : logs.toList()) {
                    assertThat(Files.readString(log)).as(log.toString()).doesNotContain(password);
                }
            }
        }
        // The TDC organisation's token for the operator's job outputs: in a file its gateway reads (owner-only),
        // only its SHA-256 at the operator; on no command line and in no log.
        Path tokenFile = DEPLOYMENT.layout().org("ConsumerMSP").resolve("job-outputs.token");
        assertThat(Files.getPosixFilePermissions(tokenFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String token = Files.readString(tokenFile).strip();
        assertThat(token).hasSize(64);
        Path readers = DEPLOYMENT.layout().operator().resolve("output-readers.properties");
        assertThat(Files.readString(readers))
                .contains(Hashes.sha256Hex(token) + "=ConsumerMSP")
                .doesNotContain(token);
        for (long pid : PIDS) {
            assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).doesNotContain(token);
        }
        for (Path log : logsOfTheDeployment()) {
            assertThat(Files.readString(log)).as(log.toString()).doesNotContain(token);
        }
        assertThat(status.stream()
                        .filter(c -> c.name().equals("operator"))
                        .findFirst()
                        .orElseThrow()
                        .url())
                .isEqualTo("http://127.0.0.1:8691");
    }

    @Test
    @Order(2)
    void aPartysGatewayDownIsNamedExitThreeAndNothingIsWritten() throws Exception {
        long pid = DEPLOYMENT.status().stream()
                .filter(c -> c.name().equals("gateway-provider"))
                .findFirst()
                .orElseThrow()
                .pid()
                .orElseThrow();
        ProcessHandle gateway = ProcessHandle.of(pid).orElseThrow();
        gateway.destroyForcibly();
        gateway.onExit().get();
        Path runDir = dir.resolve("run");
        Run run = scenario(runDir);
        assertThat(run.status).as(run.err).isEqualTo(3);
        assertThat(run.err)
                // Its process is gone, so status says STOPPED before trying the URL (UNREACHABLE when it lives but does
                // not answer).
                .contains("gateway-provider at https://127.0.0.1:8642 is STOPPED")
                .contains("Nothing was written")
                .doesNotContain("Exception\n\tat");
        assertThat(run.out).isEmpty();
        assertThat(runDir).doesNotExist();
        DeploymentState state = DeploymentState.read(DEPLOYMENT.layout()).orElseThrow();
        assertThat(DEPLOYMENT.layout().root().resolve("scenario-" + state.tag()))
                .doesNotExist();
    }

    @Test
    @Order(3)
    void theScenarioRunsOverTheDeployment() throws Exception {
        // up again: only the killed gateway is started again, with the identities and configuration it had.
        Instant t0 = Instant.now();
        DEPLOYMENT.up(settings(), line -> System.out.println("[up again] " + line));
        System.out.println(
                "[up again] wall time " + Duration.between(t0, Instant.now()).toMillis() + " ms");
        DEPLOYMENT.status().forEach(c -> c.pid().ifPresent(PIDS::add));
        Instant s0 = Instant.now();
        // While the clean room trains, the operator is SIGKILLed and started again by up: the job completes once.
        java.util.concurrent.CompletableFuture<Boolean> killer = JobRun.killOperatorMidTraining(
                DEPLOYMENT, settings(), () -> DEPLOYMENT.status().forEach(c -> c.pid()
                        .ifPresent(PIDS::add)));
        Run run = scenario(dir.resolve("run"));
        System.out.println(
                "[scenario] wall time " + Duration.between(s0, Instant.now()).toMillis() + " ms\n" + run.out);
        assertThat(run.status).as(run.err + run.out).isZero();
        assertThat(run.out)
                .contains("the consortium as separate processes")
                .contains("5 signatures verified")
                .contains("sha256 matches the receipt: true")
                .contains("run by the deployment's operator process")
                .contains("through its own gateway https://127.0.0.1:8643");
        assertThat(killer.get())
                .as("the operator was SIGKILLed while the clean room trained")
                .isTrue();
        JobRun.assertRanThroughTheOperator(DEPLOYMENT, dir.resolve("run"), run.out);
        // The spec went sealed; the TDC's own bridge process released its key to the run, on the ledger.
        SpecRelease.assertReleasedByTheTdcsBridge(DEPLOYMENT, dir.resolve("run"), run.out);
        SpecRelease.assertAnUnsealedSpecFailsClosed(DEPLOYMENT, dir.resolve("run"));
        // The deployment's relay process settled (the demo ran no relay and checked each record's
        // relay participant), through its own Fabric enrolment, and its status says so.
        assertThat(run.out)
                .contains("the deployment's payment-relay process (participant relay-")
                .contains("the demo ran no relay of its own")
                .doesNotContain("the relay followed");
        org.depa.payments.relay.RelayStatus relay = org.depa.payments.relay.RelayStatus.read(
                DEPLOYMENT.layout().payments().resolve("relay"));
        assertThat(relay.state()).isEqualTo("FOLLOWING");
        assertThat(relay.settled()).isGreaterThanOrEqualTo(3);
        // Each TDP's key went into its own bridge process, which released it to the clean room (the TDC's:
        // SpecRelease).
        for (String tdp : List.of("icmr", "cowin", "index")) {
            assertThat(Files.readString(DEPLOYMENT.layout().log("kms-" + tdp))).contains("outcome=RELEASED");
        }
        // Each TDP's dataset is at an https location of its own endpoint process, which served the clean room.
        assertThat(run.out).contains("ciphertext published on its data endpoint https://127.0.0.1:870");
        DataEndpointChecks.assertDatasetsServedByTheirEndpoints(DEPLOYMENT);
        DataEndpointChecks.assertASampleIsRefusedToTheSrosOperator(DEPLOYMENT);
        // A second run on the same deployment would find its participants registered: refused before writing.
        Run again = scenario(dir.resolve("again"));
        assertThat(again.status).isEqualTo(2);
        assertThat(again.err).contains("already ran on deployment");
    }

    @Test
    @Order(4)
    void downLeavesNoComponentRunning() throws Exception {
        List<String> stopped = DEPLOYMENT.down(line -> System.out.println("[down] " + line));
        assertThat(stopped)
                .contains("gateway-sro", "kms-icmr", "operator", "payment-relay", "payment-chain")
                .doesNotContain("fabric-network");
        for (long pid : PIDS) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid " + pid)
                    .isFalse();
        }
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            String root = DEPLOYMENT.layout().root().toString();
            assertThat(all.filter(p -> p.info().commandLine().orElse("").contains(root))
                            .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                            .toList())
                    .isEmpty();
        }
        assertThat(DEPLOYMENT.status()).isEmpty();
        assertThat(DEPLOYMENT.down(line -> {})).isEmpty();
    }

    /** Every log of the deployment: the components' and the operator's own, and each clean room's. */
    static List<Path> logsOfTheDeployment() throws IOException {
        try (Stream<Path> all = Files.walk(DEPLOYMENT.layout().root())) {
            return all.filter(p -> p.getFileName().toString().endsWith(".log") && Files.isRegularFile(p))
                    .toList();
        }
    }

    private static Deployment.Settings settings() {
        return new Deployment.Settings(
                CovidDeployment.seats(),
                "SROMSP",
                8641,
                8681,
                Duration.ofSeconds(300),
                System.getProperty("java.class.path"));
    }

    private static Set<PosixFilePermission> ownerAll() {
        return Set.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    }

    private record Run(int status, String out, String err) {}

    private static Run scenario(Path runDir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            status = CovidDemo.run(
                    new CovidDemo.Options(
                            HOME.resolve("data/covid-poc"),
                            runDir,
                            true,
                            CovidDemo.Ledger.FABRIC,
                            CovidDemo.Via.DEPLOYMENT,
                            null,
                            ""),
                    o);
        } finally {
            System.setErr(oldErr);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
