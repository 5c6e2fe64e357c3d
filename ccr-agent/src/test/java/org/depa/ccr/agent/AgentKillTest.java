package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill: the agent runs in its own JVM and is killed with SIGKILL while it trains, then
 * started again, twice. Exactly one run, one receipt and one charge to each budget.
 */
class AgentKillTest {
    @TempDir
    Path dir;

    @Test
    void sigkillMidTrainingThenTwoRestartsYieldExactlyOneReceipt() throws Exception {
        try (AgentWorld a = new AgentWorld(
                dir,
                new World(EmbeddedLedger.builder()
                        .directory(dir.resolve("ledger"))
                        .trustAnyDevelopmentRoot()))) {
            Files.createDirectories(dir.resolve("keys"));
            // Each participant acts only through its own bound client: the agent process uses theirs.
            Files.createDirectories(dir.resolve("clients"));
            for (var p : java.util.List.of(a.ccr, a.icmr, a.cowin)) {
                Files.writeString(
                        dir.resolve("clients").resolve(p.id() + ".pem"),
                        p.client().identity().certificatePem());
            }
            for (var e : a.keys.entrySet()) {
                Files.writeString(
                        dir.resolve("keys").resolve(e.getKey() + ".key"),
                        e.getValue().toBase64());
            }
        }

        Process slow = start("slow");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!Files.exists(dir.resolve(AgentProcess.TRAINING_MARKER))
                && Instant.now().isBefore(deadline)) {
            if (!slow.isAlive()) {
                throw new AssertionError("agent died before training: " + output(slow));
            }
            Thread.sleep(100);
        }
        assertThat(dir.resolve(AgentProcess.TRAINING_MARKER)).exists();
        slow.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertThat(slow.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.exitValue()).isEqualTo(137);
        try (Ledger l = new Ledger(dir)) {
            assertThat(l.runs()).extracting(TrainingRun::status).containsExactly(RunStatus.STARTED);
        }

        Process second = start("fast");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out2 = output(second);
        assertThat(second.exitValue()).as(out2).isZero();
        assertThat(out2).contains("resuming run run-1").contains("resumed=true");

        long height;
        try (Ledger l = new Ledger(dir)) {
            height = l.ledger.height();
        }
        Process third = start("fast");
        assertThat(third.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out3 = output(third);
        assertThat(third.exitValue()).as(out3).isZero();
        String receiptTx = out2.substring(out2.indexOf("RECEIPT ") + 8).split(" ")[0];
        assertThat(out3).contains("RECEIPT " + receiptTx);

        try (Ledger l = new Ledger(dir)) {
            assertThat(l.ledger.height()).as("the third start wrote nothing").isEqualTo(height);
            assertThat(l.runs()).extracting(TrainingRun::status).containsExactly(RunStatus.COMPLETED);
            assertThat(l.sro.evaluate(Runs.GET_RECEIPT, "run-1").txId()).isEqualTo(receiptTx);
            for (String d : List.of(AgentWorld.ICMR, AgentWorld.COWIN)) {
                assertThat(l.sro.evaluate(Datasets.GET_BUDGET, d).spentEpsilon())
                        .isEqualByComparingTo("0.75");
            }
        }
    }

    private Process start(String mode) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AgentProcess.class.getName(),
                        dir.toString(),
                        "run-1",
                        mode)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent-" + mode + "-" + System.nanoTime() + ".log")
                        .toFile());
        Process p = pb.start();
        logs.put(p, pb.redirectOutput().file().toPath());
        return p;
    }

    private final java.util.Map<Process, Path> logs = new java.util.HashMap<>();

    private String output(Process p) throws IOException {
        return Files.readString(logs.get(p), StandardCharsets.UTF_8);
    }

    /** The test's own view of the ledger between agent processes (one writer at a time). */
    private static final class Ledger implements AutoCloseable {
        final EmbeddedLedger ledger;
        final TypedLedger sro;

        Ledger(Path dir) {
            ledger = EmbeddedLedger.builder()
                    .directory(dir.resolve("ledger"))
                    .sroMspId("SROMSP")
                    .open();
            sro = new TypedLedger(ledger.connect(World.identity("SROMSP", "auditor")));
        }

        List<TrainingRun> runs() {
            return sro.evaluate(Runs.LIST_BY_CONTRACT, AgentWorld.CONTRACT);
        }

        @Override
        public void close() {
            ledger.close();
        }
    }
}
