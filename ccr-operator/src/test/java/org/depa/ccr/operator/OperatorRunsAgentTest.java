package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.depa.dataset.OutputSeal;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator launching the REAL clean-room agent ({@code org.depa.ccr.agent.CleanRoomMain},
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
            int epochs = progress.get("epochs").asInt();
            int epochAfterKill = Json.tree(Files.readString(ws.resolve("progress.json")))
                    .get("epoch")
                    .asInt();
            assertThat(epochAfterKill).as("killed mid-training").isLessThan(epochs);

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
            assertThat(log2).contains("resuming run job-1-c1").contains("training resumed after epoch ");
            assertThat(Files.readString(ws.resolve("clean-room-2.log"))).contains("done, 1 receipt(s)");
            assertThat(epochAtKill).isGreaterThanOrEqualTo(1);
            // The epoch continues: the checkpoint is written before progress.json, so the relaunch resumes at or
            // after the epoch seen at the kill, and the training from epoch 0 happened once only.
            java.util.regex.Matcher resumed = java.util.regex.Pattern.compile("training resumed after epoch (\\d+) of ")
                    .matcher(log2);
            assertThat(resumed.find()).isTrue();
            assertThat(Integer.parseInt(resumed.group(1))).as("resumed after").isGreaterThanOrEqualTo(epochAtKill);
            assertThat(log2.lines()
                            .filter(l -> l.matches("training \\d+ epochs of .*"))
                            .count())
                    .as("trained from the start once, not again after the kill")
                    .isEqualTo(1);

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
                // The TDC opens each file with its output key; the model is the one the receipt names.
                OutputSeal.Opened opened =
                        OutputSeal.open(Files.readAllBytes(file), (ECPrivateKey) aw.outputKey.getPrivate());
                assertThat(opened.labels()).containsEntry("jobId", "job-1").containsEntry("runId", "job-1-c1");
                if (f.get("kind").asText().equals("model")) {
                    assertThat(Hashes.sha256Hex(opened.content()))
                            .isEqualTo(receipt.body().modelSha256());
                }
            }
            assertThat(kinds).containsExactly("model", "report");
            // The spec key was released by the TDC's bridge to the run, once per launch that needed the spec
            // (the relaunch after the kill opened it again), and each release is on the ledger.
            List<SpecKeyReleaseRecord> releases = aw.w.sroLedger().evaluate(Runs.SPEC_KEY_RELEASES, "job-1-c1");
            assertThat(releases).isNotEmpty().hasSizeLessThanOrEqualTo(2).allSatisfy(k -> {
                assertThat(k.tdcId()).isEqualTo("tdc");
                assertThat(k.jobId()).isEqualTo("job-1");
                assertThat(k.modelSpecCommitment()).isEqualTo(AgentJobWorld.COMMITMENT);
            });
            assertThat(log2).contains("spec key released by tdc's bridge to run job-1-c1");
            // Neither the spec, its salt nor the spec key is on the ledger or in any log in clear.
            assertNotInClear(dir.resolve("ledger"));
            assertNotInClear(ws.resolve("agent.log"));
            assertNotInClear(ws.resolve("clean-room-1.log"));
            assertNotInClear(ws.resolve("clean-room-2.log"));
            assertNotInClear(dir.resolve("operator.log"));
        }
    }

    @Test
    void aJobOverTwoContractsTrainsOnceAndChargesBothContractsBudgets() throws Exception {
        aw.submitOverTwoContracts("job-1");
        Path ws = aw.workspace("job-1");
        try (Operator op = aw.operator(aw.settings(2))) {
            TrainingJob done = awaitStatus(JobStatus.COMPLETED);
            assertThat(done.runIds()).containsExactly("job-1-c1", "job-1-c2");
            TrainingReceipt r1 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
            TrainingReceipt r2 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c2");
            assertThat(r1.body().contractId()).isEqualTo("c1");
            assertThat(r2.body().contractId()).isEqualTo("c2");
            assertThat(r1.body().modelSha256())
                    .as("one model")
                    .isEqualTo(r2.body().modelSha256());
            var spent = r1.body().datasets().get(0).epsilonSpent();
            assertThat(r2.body().datasets().get(0).epsilonSpent()).isEqualByComparingTo(spent);
            assertThat(r1.body().datasets()).extracting(d -> d.datasetId()).containsExactly("icmr-data");
            assertThat(r2.body().datasets()).extracting(d -> d.datasetId()).containsExactly("cowin-data");
            for (String d : List.of("icmr-data", "cowin-data")) {
                assertThat(aw.w.sroLedger().evaluate(Datasets.GET_BUDGET, d).spentEpsilon())
                        .as("each contract's dataset charged once: " + d)
                        .isEqualByComparingTo(spent);
            }
            String log = Files.readString(ws.resolve("agent.log"));
            assertThat(log.lines().filter(l -> l.startsWith("training ")).count())
                    .as("one training over both contracts' datasets")
                    .isEqualTo(1);
            JsonNode outputs = Json.tree(Files.readString(ws.resolve("output").resolve("outputs.json")));
            assertThat(outputs.get("files")).hasSize(4);
        }
    }

    @Test
    void aSpecNotMatchingTheCommitmentFailsTheJobWithStageModelSpec() throws Exception {
        // Sealed by the TDC under its released key for the right commitment, but another spec inside.
        Path other = dir.resolve("tdc").resolve("other.sealed");
        Files.write(
                other,
                aw.seal(
                        Files.readString(dir.resolve("tdc").resolve("spec-bundle.json"))
                                .replace("\"hiddenLayers\":[8]", "\"hiddenLayers\":[9]"),
                        AgentJobWorld.COMMITMENT,
                        aw.specKey));
        aw.submit("job-1", "c1", other.toUri().toString());
        // K=3, yet one launch: the spec will not match on a relaunch either.
        try (Operator op = aw.operator(aw.settings(3))) {
            TrainingJob failed = awaitStatus(JobStatus.FAILED);
            assertThat(aw.workspace("job-1").resolve("clean-room-2.log"))
                    .as("a permanent failure is not relaunched")
                    .doesNotExist();
            assertThat(failed.reason())
                    .startsWith("clean room failed on attempt 1 (permanent, not retried): MODEL_SPEC: ")
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

    @Test
    void anUnsealedSpecOrASealedSpecOfAnotherCommitmentFailsBeforeAnyRunStarts() throws Exception {
        aw.submit("job-1", "c1", aw.bundleUri());
        try (Operator op = aw.operator(aw.settings(3))) {
            assertThat(awaitStatus(JobStatus.FAILED).reason())
                    .startsWith("clean room failed on attempt 1 (permanent, not retried): MODEL_SPEC: ")
                    .contains("is not sealed (depa job seal-spec)")
                    .contains("spec.unsealed=allow");
        }
        // A sealed spec swapped for one sealed (even under the right key) for another commitment.
        Path swapped = dir.resolve("tdc").resolve("swapped.sealed");
        Files.write(
                swapped,
                aw.seal(
                        Files.readString(dir.resolve("tdc").resolve("spec-bundle.json")),
                        Hashes.sha256Hex("another commitment"),
                        aw.specKey));
        aw.tdc
                .ledger()
                .submit(
                        Jobs.SUBMIT,
                        new org.depa.ledger.model.tx.SubmitJobRequest(
                                "job-2",
                                "tdc",
                                List.of("c1"),
                                AgentJobWorld.COMMITMENT,
                                swapped.toUri().toString(),
                                "tdc-out"));
        try (Operator op = aw.operator(aw.settings(1))) {
            await(
                    "job-2 FAILED",
                    () -> aw.w.sroLedger().evaluate(Jobs.GET, "job-2").status() == JobStatus.FAILED);
            assertThat(aw.w.sroLedger().evaluate(Jobs.GET, "job-2").reason())
                    .startsWith("clean room failed on attempt 1 (permanent, not retried): MODEL_SPEC: ")
                    .contains("is sealed for commitment");
        }
        assertThat(aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1")).isEmpty();
        assertNotInClear(dir.resolve("ledger"));
    }

    private void assertNotInClear(Path root) throws Exception {
        String salt = java.util.HexFormat.of().formatHex(AgentJobWorld.SALT);
        List<Path> files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).as(f.toString()).doesNotContain("hiddenLayers").doesNotContain(salt);
            for (String form : keyForms()) {
                assertThat(text).as(f + " holds no form of the spec key").doesNotContain(form);
            }
        }
    }

    private List<String> keyForms() {
        byte[] k = aw.specKey.bytes();
        return List.of(
                java.util.Base64.getEncoder().encodeToString(k),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(k),
                java.util.HexFormat.of().formatHex(k));
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
