package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the OPERATOR's own OS process killed with SIGKILL while the real clean room trains a job
 * over two 2-party contracts (c1 over icmr's dataset, c2 over cowin's, each TDP with its own
 * bridge), then started again: the orphaned clean room is waited for, never run beside a second
 * one; the relaunch resumes both runs from their journals; the job completes with exactly one run
 * and one receipt per contract, one training, and each contract's dataset charged exactly once.
 *
 * <p>The embedded ledger is held by this JVM (with the TDPs' bridges), so the operator's process
 * reaches it through the test-only {@link LedgerHost}; the operator, its event checkpoint, its
 * relay for the clean rooms and its job files are all in the killed process and its state directory.
 */
class OperatorTwoContractKillTest {
    @TempDir
    Path dir;

    private AgentJobWorld aw;
    private LedgerHost host;
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        aw = new AgentJobWorld(dir);
        host = new LedgerHost(aw.ccr.client());
    }

    @AfterEach
    void tearDown() {
        // The orphaned clean room is no descendant of this JVM once its operator died.
        started.forEach(ProcessHandle::destroyForcibly);
        host.close();
        aw.close();
    }

    @Test
    void theOperatorKilledMidTrainingOfATwoContractJobRestartsAndEachContractHasOneRunReceiptAndCharge()
            throws Exception {
        aw.submitOverTwoContracts("job-1");
        Path ws = aw.workspace("job-1");
        Path props = properties();

        Process first = operatorProcess(props, "operator-1.out");
        await("the first epoch of the joint training", () -> epoch(ws) >= 1);
        assertThat(job().status()).isEqualTo(JobStatus.RUNNING);
        JsonNode launch = Json.tree(Files.readString(ws.resolve("operator-job.json")));
        ProcessHandle cleanRoom = ProcessHandle.of(launch.get("pid").asLong()).orElseThrow();
        started.add(cleanRoom);
        int epochs = Json.tree(Files.readString(ws.resolve("progress.json")))
                .get("epochs")
                .asInt();

        first.destroyForcibly(); // SIGKILL to the operator's process
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(epoch(ws)).as("killed mid-training").isLessThan(epochs);
        assertThat(cleanRoom.isAlive())
                .as("the clean room outlives its operator, as a VM outlives a crashed host agent")
                .isTrue();
        assertThat(job().status()).isEqualTo(JobStatus.RUNNING);

        operatorProcess(props, "operator-2.out");
        TrainingJob done = awaitStatus(JobStatus.COMPLETED);
        assertThat(done.runIds()).containsExactly("job-1-c1", "job-1-c2");
        for (String c : List.of("c1", "c2")) {
            List<TrainingRun> runs = aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, c);
            assertThat(runs)
                    .as("exactly one run of " + c)
                    .extracting(TrainingRun::status)
                    .containsExactly(RunStatus.COMPLETED);
        }
        TrainingReceipt r1 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
        TrainingReceipt r2 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c2");
        assertThat(r1.body().jobId()).isEqualTo("job-1");
        assertThat(r2.body().jobId()).isEqualTo("job-1");
        assertThat(r1.body().modelSha256()).as("one model").isEqualTo(r2.body().modelSha256());
        assertThat(aw.w.sroLedger().evaluate(Datasets.GET_BUDGET, "icmr-data").spentEpsilon())
                .as("icmr-data charged once, by c1's receipt")
                .isEqualByComparingTo(r1.body().datasets().get(0).epsilonSpent());
        assertThat(aw.w.sroLedger().evaluate(Datasets.GET_BUDGET, "cowin-data").spentEpsilon())
                .as("cowin-data charged once, by c2's receipt")
                .isEqualByComparingTo(r2.body().datasets().get(0).epsilonSpent());

        String operatorLog = Files.readString(aw.state.resolve("operator.log"));
        assertThat(operatorLog).contains("ccr-operator: taking up job job-1 (RUNNING)");
        String agentLog = Files.readString(ws.resolve("agent.log"));
        assertThat(agentLog.lines().filter(l -> l.startsWith("training ")).count())
                .as("one training over both contracts, never a second")
                .isEqualTo(1);
        assertThat(agentLog).contains("resuming run job-1-c1").contains("resuming run job-1-c2");
        assertThat(Files.readString(ws.resolve("clean-room-2.log"))).contains("done, 2 receipt(s)");
        assertThat(ws.resolve("clean-room-3.log")).as("no third launch").doesNotExist();
        assertThat(cleanRoom.isAlive()).isFalse();
    }

    /** The operator's settings as OperatorMain reads them, its ledger the host in this JVM. */
    private Path properties() throws IOException {
        OperatorSettings s = aw.settings(3);
        for (String arg : s.cleanRoomCommand()) {
            assertThat(arg).as("the command line splits on spaces").doesNotContainAnyWhitespaces();
        }
        Path token = dir.resolve("host.token");
        Files.writeString(token, host.token());
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path cert = Files.writeString(
                dir.resolve("ccr.pem"), aw.ccr.client().identity().certificatePem());
        String props = String.join(
                "\n",
                "ccrProviderId=ccr",
                "stateDir=" + aw.state,
                "maxCleanRooms=1",
                "maxAttempts=3",
                "restartDelayMillis=200",
                "cleanRoomCommand=" + String.join(" ", s.cleanRoomCommand()),
                "ledgerHost=" + host.url(),
                "ledgerHostTokenFile=" + token,
                "mspId=" + aw.ccr.client().identity().mspId(),
                "clientCertificate=" + cert,
                "");
        return Files.writeString(dir.resolve("operator.properties"), props);
    }

    private Process operatorProcess(Path props, String out) throws IOException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OperatorProcess.class.getName(),
                        props.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(out).toFile())
                .start();
        started.add(p.toHandle());
        return p;
    }

    private static int epoch(Path ws) {
        try {
            Path f = ws.resolve("progress.json");
            return Files.exists(f) ? Json.tree(Files.readString(f)).get("epoch").asInt() : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // being replaced
        }
    }

    private TrainingJob job() {
        return aw.w.sroLedger().evaluate(Jobs.GET, "job-1");
    }

    private TrainingJob awaitStatus(JobStatus status) throws Exception {
        await("job-1 " + status, () -> job().status() == status);
        return job();
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                Path log = aw.state.resolve("operator.log");
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n"
                        + (Files.exists(log) ? Files.readString(log) : "(none)"));
            }
            Thread.sleep(100);
        }
    }
}
