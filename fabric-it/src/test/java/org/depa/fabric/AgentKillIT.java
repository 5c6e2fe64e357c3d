package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depa.ccr.operator.Operator;
import org.depa.dataset.OutputSeal;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 on the Fabric network: the clean-room agent's process SIGKILLed mid-training, after an
 * epoch is journalled. The operator (following the ledger through the CCR provider's own enrolment)
 * launches it again; the agent resumes its run from the journal and its training from the
 * checkpoint; the ledger has exactly one run, one receipt and one budget charge per dataset. The
 * embedded ledger's twin is ccr-operator's {@code OperatorRunsAgentTest}.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class AgentKillIT {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private CleanRoomWorld cw;

    @BeforeEach
    void setUp() throws Exception {
        cw = new CleanRoomWorld(Path.of(System.getProperty("depa.fabric.network")), dir);
    }

    @AfterEach
    void tearDown() {
        if (cw != null) {
            cw.close();
        }
    }

    @Test
    void theCleanRoomKilledMidTrainingIsRelaunchedResumesAndTheLedgerHasOneRunReceiptAndCharge() throws Exception {
        String contract = cw.contract("cr-kill");
        String jobId = cw.world.id("cr-job");
        String runId = jobId + "-" + contract;
        assertThat(cw.submit(jobId, contract).status()).isEqualTo(JobStatus.SUBMITTED);
        Path ws = cw.workspace(jobId);
        try (Operator op = cw.operator(cw.settings(3))) {
            // On an idle machine the 20 epochs take about a second: look every 5 ms and kill first, read after
            // (CI once saw all 20 done between a 250 ms look and the kill).
            await("the first journalled epoch", () -> Files.exists(ws.resolve("progress.json")), 5);
            long pid = Json.tree(Files.readString(ws.resolve("operator-job.json")))
                    .get("pid")
                    .asLong();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            assertThat(child.destroyForcibly()).isTrue(); // SIGKILL
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(job(jobId).status()).isEqualTo(JobStatus.RUNNING);
            JsonNode progress = Json.tree(Files.readString(ws.resolve("progress.json")));
            int epochAtKill = progress.get("epoch").asInt();
            int epochs = progress.get("epochs").asInt();
            int epochAfterKill = Json.tree(Files.readString(ws.resolve("progress.json")))
                    .get("epoch")
                    .asInt();
            assertThat(epochAtKill).isGreaterThanOrEqualTo(1);
            assertThat(epochAfterKill).as("killed mid-training").isLessThan(epochs);
            TrainingRun atKill = cw.world.sro().evaluate(Runs.GET, runId);
            assertThat(atKill.status()).as("the run at the kill").isEqualTo(RunStatus.STARTED);

            await("the job COMPLETED", () -> job(jobId).status() == JobStatus.COMPLETED);
            TrainingJob done = job(jobId);
            assertThat(done.runIds()).containsExactly(runId);
            assertThat(Json.tree(Files.readString(ws.resolve("operator-job.json")))
                            .get("attempts")
                            .asInt())
                    .as("launched again once")
                    .isEqualTo(2);
            assertThat(ws.resolve("clean-room-3.log")).doesNotExist();

            // The ledger: one run (the relaunch took up the same one), one receipt, each dataset charged once.
            List<TrainingRun> runs = cw.world.sro().evaluate(Runs.LIST_BY_CONTRACT, contract);
            assertThat(runs).extracting(TrainingRun::runId).containsExactly(runId);
            assertThat(runs).extracting(TrainingRun::status).containsExactly(RunStatus.COMPLETED);
            TrainingReceipt receipt = cw.world.sro().evaluate(Runs.GET_RECEIPT, runId);
            assertThat(receipt.body().jobId()).isEqualTo(jobId);
            assertThat(receipt.body().modelSpecCommitment()).isEqualTo(CleanRoomWorld.COMMITMENT);
            BigDecimal spent = receipt.body().datasets().get(0).epsilonSpent();
            assertThat(spent).isPositive().isLessThanOrEqualTo(new BigDecimal(CleanRoomWorld.EPSILON));
            for (String d : List.of(cw.icmrData, cw.cowinData)) {
                assertThat(cw.world.sro().evaluate(Datasets.GET_BUDGET, d).spentEpsilon())
                        .as("charged once: " + d)
                        .isEqualByComparingTo(spent);
            }

            // The relaunch resumed the run and the training at or after the epoch reached, and trained from
            // epoch 0 once only (the checkpoint is written before progress.json).
            String agentLog = Files.readString(ws.resolve("agent.log"));
            assertThat(agentLog).contains("resuming run " + runId);
            Matcher resumed =
                    Pattern.compile("training resumed after epoch (\\d+) of ").matcher(agentLog);
            assertThat(resumed.find()).as(agentLog).isTrue();
            assertThat(Integer.parseInt(resumed.group(1))).as("resumed after").isGreaterThanOrEqualTo(epochAtKill);
            assertThat(agentLog.lines().filter(l -> l.matches("training \\d+ epochs of .*")))
                    .as("trained from the start once")
                    .hasSize(1);
            assertThat(Files.readString(ws.resolve("clean-room-2.log"))).contains("done, 1 receipt(s)");
            System.out.println("AgentKillIT: clean room SIGKILLed at epoch " + epochAtKill + " of " + epochs
                    + ", relaunched, training resumed after epoch " + resumed.group(1) + "; receipt epsilon " + spent);

            // The TDC opens the sealed model with its key: it is the model the receipt names.
            JsonNode outputs = Json.tree(Files.readString(ws.resolve("output").resolve("outputs.json")));
            boolean model = false;
            for (JsonNode f : outputs.get("files")) {
                if (f.get("kind").asText().equals("model")) {
                    OutputSeal.Opened opened = OutputSeal.open(
                            Files.readAllBytes(
                                    ws.resolve("output").resolve(f.get("name").asText())),
                            (ECPrivateKey) cw.outputKey.getPrivate());
                    assertThat(Hashes.sha256Hex(opened.content()))
                            .isEqualTo(receipt.body().modelSha256());
                    model = true;
                }
            }
            assertThat(model).as("a sealed model").isTrue();
        }
    }

    private TrainingJob job(String jobId) {
        return cw.world.sro().evaluate(Jobs.GET, jobId);
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        await(what, condition, 250);
    }

    private void await(String what, BooleanSupplier condition, long everyMillis) throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n"
                        + Files.readString(dir.resolve("operator.log")));
            }
            Thread.sleep(everyMillis);
        }
    }
}
