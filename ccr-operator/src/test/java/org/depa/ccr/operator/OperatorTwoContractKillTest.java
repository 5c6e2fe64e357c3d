package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Issue 11: the REAL clean room SIGKILLed while it trains a job over two contracts (c1 over icmr's
 * dataset, c2 over cowin's), relaunched by the operator: both runs resume, the job completes with
 * one run and one receipt per contract, and each contract's dataset is charged exactly once.
 */
class OperatorTwoContractKillTest {
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
    void killedMidTrainingOfATwoContractJobItResumesBothRunsAndChargesEachBudgetOnce() throws Exception {
        aw.submitOverTwoContracts("job-1");
        Path ws = aw.workspace("job-1");
        try (Operator op = aw.operator(aw.settings(3))) {
            await("first epoch of the joint training", () -> Files.exists(ws.resolve("progress.json")));
            JsonNode progress = Json.tree(Files.readString(ws.resolve("progress.json")));
            long pid = Json.tree(Files.readString(ws.resolve("operator-job.json")))
                    .get("pid")
                    .asLong();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            assertThat(child.destroyForcibly()).isTrue(); // SIGKILL mid-training
            child.onExit().get(30, TimeUnit.SECONDS);
            int epochAfterKill = Json.tree(Files.readString(ws.resolve("progress.json")))
                    .get("epoch")
                    .asInt();
            assertThat(epochAfterKill)
                    .as("killed mid-training")
                    .isLessThan(progress.get("epochs").asInt());

            TrainingJob done = awaitStatus(JobStatus.COMPLETED);
            assertThat(done.runIds()).containsExactly("job-1-c1", "job-1-c2");
            for (String c : List.of("c1", "c2")) {
                List<TrainingRun> runs = aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, c);
                assertThat(runs)
                        .as("one run of " + c)
                        .extracting(TrainingRun::status)
                        .containsExactly(RunStatus.COMPLETED);
            }
            TrainingReceipt r1 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
            TrainingReceipt r2 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c2");
            assertThat(r1.body().modelSha256()).isEqualTo(r2.body().modelSha256());
            assertThat(aw.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, "icmr-data")
                            .spentEpsilon())
                    .as("icmr-data charged once, by c1's receipt")
                    .isEqualByComparingTo(r1.body().datasets().get(0).epsilonSpent());
            assertThat(aw.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, "cowin-data")
                            .spentEpsilon())
                    .as("cowin-data charged once, by c2's receipt")
                    .isEqualByComparingTo(r2.body().datasets().get(0).epsilonSpent());
            String log = Files.readString(ws.resolve("agent.log"));
            assertThat(log).contains("resuming run job-1-c1").contains("resuming run job-1-c2");
            assertThat(Files.readString(ws.resolve("clean-room-2.log"))).contains("done, 2 receipt(s)");
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
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n"
                        + Files.readString(dir.resolve("operator.log")));
            }
            Thread.sleep(100);
        }
    }
}
