package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.depa.demo.CovidDeployment;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.deployment.Seat;
import org.depa.demo.party.Party;
import org.depa.demo.remote.DeploymentConsortium;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * What {@link DeploymentIT} checks of the scenario's training job over a deployment: that the
 * deployment's operator process ran it (and survived a SIGKILL of the operator mid-training), and
 * that the TDC's spec never left the TDC and the clean room.
 */
final class JobRun {
    private static final Duration LIMIT = Duration.ofMinutes(12);

    private JobRun() {}

    /**
     * On a thread of its own: once a job's clean room has reported its third epoch, SIGKILLs the
     * operator process and starts it again with {@code up} (only what is down is started). True if
     * it did, false if the training ended before (or never began).
     */
    static CompletableFuture<Boolean> killOperatorMidTraining(
            Deployment deployment, Deployment.Settings settings, ThrowingRunnable afterRestart) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        done.complete(killWhenTraining(deployment, settings, afterRestart));
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                },
                "kill-operator");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** A step that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static boolean killWhenTraining(Deployment deployment, Deployment.Settings settings, ThrowingRunnable after)
            throws Exception {
        Path jobs = deployment.layout().operatorState().resolve("jobs");
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<Path> ws = workspaces(jobs).stream().findFirst();
            if (ws.isPresent() && Files.exists(ws.get().resolve("output").resolve("outputs.json"))) {
                return false; // trained and sealed before we saw it train
            }
            if (ws.isPresent() && epoch(ws.get().resolve("progress.json")) >= 3) {
                long pid = deployment.status().stream()
                        .filter(c -> c.name().equals("operator"))
                        .findFirst()
                        .flatMap(Deployment.ComponentStatus::pid)
                        .orElseThrow();
                ProcessHandle operator = ProcessHandle.of(pid).orElseThrow();
                operator.destroyForcibly(); // SIGKILL: no shutdown hook runs
                operator.onExit().get();
                System.out.println("[kill] operator pid " + pid + " SIGKILLed at epoch "
                        + epoch(ws.get().resolve("progress.json")) + " of job "
                        + ws.get().getFileName());
                deployment.up(settings, line -> System.out.println("[up after kill] " + line));
                after.run();
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static List<Path> workspaces(Path jobs) throws IOException {
        if (!Files.isDirectory(jobs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(jobs)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    private static int epoch(Path progress) {
        try {
            return Json.tree(Files.readString(progress, StandardCharsets.UTF_8))
                    .path("epoch")
                    .asInt();
        } catch (IOException | RuntimeException e) {
            return 0; // not written yet, or being replaced
        }
    }

    /**
     * The job went SUBMITTED, SCHEDULED, RUNNING, COMPLETED with one run and one receipt; the
     * operator process scheduled and launched it (its log names the job, the clean room's workspace
     * is under the operator's state directory) and took it up again after its restart; neither the
     * spec nor its salt is in any log of the deployment or in the Fabric network's block files.
     */
    static void assertRanThroughTheOperator(Deployment deployment, Path runDir, String demoOut) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        String jobId = "covid-2026-job-1-" + state.tag();
        String contractId = "covid-2026-" + state.tag();
        // The demo polls the job: SUBMITTED and SCHEDULED may pass between two reads; the operator's log has them.
        assertThat(demoOut)
                .contains("job " + jobId + " submitted")
                .containsSubsequence("job " + jobId + ": RUNNING", "job " + jobId + ": COMPLETED");
        String operatorLog =
                Files.readString(deployment.layout().operatorState().resolve("operator.log"));
        assertThat(operatorLog)
                .containsSubsequence(
                        "job " + jobId + " SCHEDULED",
                        "job " + jobId + ": clean room launched, attempt 1",
                        "job " + jobId + " RUNNING",
                        "taking up job " + jobId + " (RUNNING)",
                        "job " + jobId + " COMPLETED (runs ");
        Path ws = deployment.layout().operatorState().resolve("jobs").resolve(jobId);
        assertThat(ws.resolve("agent.log")).isRegularFile();
        assertThat(ws.resolve("operator-job.json")).isRegularFile();
        assertThat(ws.resolve("output").resolve("outputs.json")).isRegularFile();

        try (DeploymentConsortium c = DeploymentConsortium.open(deployment.layout(), state)) {
            Seat s = CovidDeployment.seats().stream()
                    .filter(x -> x.role() == Role.TDC)
                    .findFirst()
                    .orElseThrow();
            Party tdc = c.party(s.id(state.tag()), s.role(), s.mspId(), "TDC", s.algorithm());
            TrainingJob job = tdc.ledger().evaluate(Jobs.GET, jobId);
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(job.runIds()).hasSize(1);
            List<TrainingRun> runs = tdc.ledger().evaluate(Runs.LIST_BY_CONTRACT, contractId);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).jobId()).isEqualTo(jobId);
            TrainingReceipt receipt =
                    tdc.ledger().evaluate(Runs.GET_RECEIPT, job.runIds().get(0));
            assertThat(receipt.body().jobId()).isEqualTo(jobId);
            assertThat(receipt.body().modelSpecCommitment()).isEqualTo(job.modelSpecCommitment());
        }
        // The TDC opened the model with its output key (the demo checks its SHA-256 against the receipt).
        assertThat(runDir.resolve("tdc-inbox").resolve("model.json")).isRegularFile();

        JsonNode bundle = Json.tree(Files.readString(runDir.resolve("tdc").resolve("spec-bundle.json")));
        String salt = bundle.path("salt").asText();
        String spec = Json.canonicalString(bundle.path("spec"));
        assertThat(salt).hasSize(64);
        assertThat(demoOut).doesNotContain(salt);
        for (Path log : DeploymentIT.logsOfTheDeployment()) {
            assertThat(Files.readString(log))
                    .as(log.toString())
                    .doesNotContain(salt)
                    .doesNotContain(spec);
        }
        List<Path> blocks = blockFiles(deployment.layout().network());
        assertThat(blocks).isNotEmpty();
        for (Path b : blocks) {
            String bytes = new String(Files.readAllBytes(b), StandardCharsets.ISO_8859_1);
            assertThat(bytes.contains(salt)).as(b + " holds the salt").isFalse();
            assertThat(bytes.contains(spec)).as(b + " holds the spec").isFalse();
        }
    }

    /** Every block file of the network's orderers and peers (the ledger as stored). */
    private static List<Path> blockFiles(Path network) throws IOException {
        try (Stream<Path> all = Files.walk(network)) {
            return all.filter(p -> p.getFileName().toString().startsWith("blockfile_") && Files.isRegularFile(p))
                    .toList();
        }
    }
}
