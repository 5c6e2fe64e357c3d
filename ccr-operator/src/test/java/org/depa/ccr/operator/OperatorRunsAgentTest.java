package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.depa.ledger.model.Hashes;
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
 * The operator launching the REAL clean-room agent ({@code org.depa.ccr.cleanroom.CleanRoomMain},
 * a separate JVM per launch) on the embedded ledger: real key release by each TDP's kms-bridge, real
 * DP-SGD training in DJL, the receipt, and the job SUBMITTED -> SCHEDULED -> RUNNING -> COMPLETED.
 */
class OperatorRunsAgentTest {
    @TempDir
    Path dir;

    private AgentJobWorld aw;

    @BeforeEach
    void setUp() throws Exception {
        aw = new AgentJobWorld(dir);
    }

    @AfterEach
    void tearDown() {
        aw.close();
    }

    @Test
    void theRealAgentKilledMidTrainingIsRelaunchedResumesAndTheJobCompletesOnce() throws Exception {
        TrainingJob submitted = aw.submit("job-1", "c1", aw.specUri());
        assertThat(submitted.status()).isEqualTo(JobStatus.SUBMITTED);
        Path ws = aw.workspace("job-1");
        try (Operator op = aw.operator(aw.settings(3))) {
            await("first epoch of training", () -> Files.exists(ws.resolve("progress.json")));
            assertThat(job().status()).isEqualTo(JobStatus.RUNNING);
            JsonNode progress = Json.tree(Files.readString(ws.resolve("progress.json")));
            assertThat(progress.fieldNames())
                    .toIterable()
                    .containsExactly("jobId", "epoch", "epochs", "loss", "epsilonSpent", "updated");
            long pid = Json.tree(Files.readString(ws.resolve("operator-job.json")))
                    .get("pid")
                    .asLong();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            int epochAtKill = progress.get("epoch").asInt();
            assertThat(child.destroyForcibly()).isTrue(); // SIGKILL mid-training
            child.onExit().get(30, TimeUnit.SECONDS);

            TrainingJob done = awaitStatus(JobStatus.COMPLETED);
            assertThat(done.runIds()).containsExactly("job-1-c1");
            List<TrainingRun> runs = aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1");
            assertThat(runs).extracting(TrainingRun::status).containsExactly(RunStatus.COMPLETED);
            TrainingReceipt receipt = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
            assertThat(receipt.body().jobId()).isEqualTo("job-1");
            assertThat(receipt.body().modelSpecCommitment()).isEqualTo(AgentJobWorld.COMMITMENT);
            var spent = receipt.body().datasets().get(0).epsilonSpent();
            assertThat(spent).isPositive().isLessThanOrEqualTo(new java.math.BigDecimal(AgentJobWorld.EPSILON));
            for (String d : List.of("icmr-data", "cowin-data")) {
                assertThat(aw.w.sroLedger().evaluate(Datasets.GET_BUDGET, d).spentEpsilon())
                        .as("charged once: " + d)
                        .isEqualByComparingTo(spent);
            }
            // The relaunch resumed the run and the training from its checkpoint.
            String log2 = Files.readString(ws.resolve("agent.log"));
            assertThat(log2).contains("resuming run job-1-c1");
            assertThat(Files.readString(ws.resolve("clean-room-2.log"))).contains("done, 1 receipt(s)");
            assertThat(epochAtKill).isGreaterThanOrEqualTo(1);

            JsonNode outputs = Json.tree(Files.readString(ws.resolve("output").resolve("outputs.json")));
            assertThat(outputs.get("jobId").asText()).isEqualTo("job-1");
            List<String> kinds = new ArrayList<>();
            for (JsonNode f : outputs.get("files")) {
                Path file = ws.resolve("output").resolve(f.get("name").asText());
                assertThat(Hashes.sha256Hex(Files.readAllBytes(file)))
                        .isEqualTo(f.get("sha256").asText());
                assertThat(f.get("runId").asText()).isEqualTo("job-1-c1");
                assertThat(f.get("contractId").asText()).isEqualTo("c1");
                kinds.add(f.get("kind").asText());
            }
            assertThat(kinds).containsExactly("model", "report");
            // The spec never reached the ledger's or a log's text in clear.
            assertThat(log2).doesNotContain("\"hiddenLayers\"").doesNotContain("agent-job-salt");
        }
    }

    @Test
    void aSpecNotMatchingTheCommitmentFailsTheJobWithStageModelSpec() throws Exception {
        Path other = dir.resolve("tdc").resolve("other-bundle.json");
        Files.writeString(
                other,
                Files.readString(dir.resolve("tdc").resolve("spec-bundle.json"))
                        .replace("\"hiddenLayers\":[8]", "\"hiddenLayers\":[9]"));
        aw.submit("job-1", "c1", other.toUri().toString());
        try (Operator op = aw.operator(aw.settings(1))) {
            TrainingJob failed = awaitStatus(JobStatus.FAILED);
            assertThat(failed.reason())
                    .startsWith("clean room failed 1 times; last: MODEL_SPEC: ")
                    .contains("do not match contract c1's modelSpecCommitment");
            assertThat(aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1"))
                    .extracting(TrainingRun::status)
                    .containsExactly(RunStatus.FAILED);
            assertThat(aw.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, "icmr-data")
                            .spentEpsilon())
                    .isEqualByComparingTo("0");
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
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n"
                        + Files.readString(dir.resolve("operator.log")));
            }
            Thread.sleep(100);
        }
    }
}
