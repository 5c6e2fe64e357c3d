package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a job over two contracts whose second contract's part fails after the first receipt,
 * by a real failure and no fault hook: cowin, the TDP of c2, revokes c2 while the joint training
 * runs (its revocation terms let a TDP do so). The training finishes; c1's receipt commits and
 * charges icmr's dataset; c2's receipt is refused by the ledger (the contract is no longer in
 * force). What the design says, and this test asserts: each contract's receipt is its own
 * settlement, so c1's receipt and charge STAND (nothing undoes them: {@code jobs:fail} moves only
 * the job); nothing is charged to cowin's dataset (the revocation released c2's reservation);
 * the clean room records c2's run FAILED on the ledger (a contract no longer in force is a permanent
 * failure), exits saying so, and the operator fails the job at once with a reason naming c2,
 * without a relaunch.
 */
class OperatorTwoContractFailureTest {
    private static final String C2_REVOKED = "CONTRACT: contract 'c2' is REVOKED, not ACTIVE (its receipt was refused)";

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
    void theSecondContractRevokedDuringTrainingFailsTheJobAndTheFirstReceiptAndChargeStand() throws Exception {
        aw.submitOverTwoContracts("job-1");
        Path ws = aw.workspace("job-1");
        try (Operator op = aw.operator(aw.settings(2))) {
            await("the first epoch of the joint training", () -> epoch(ws) >= 1);
            int epochs = Json.tree(Files.readString(ws.resolve("progress.json")))
                    .get("epochs")
                    .asInt();
            aw.cowin.ledger().submit(Contracts.REVOKE, new ContractActionRequest("c2", "cowin", "cowin withdraws"));
            assertThat(epoch(ws)).as("revoked while the training runs").isLessThan(epochs);

            TrainingJob failed = awaitStatus(JobStatus.FAILED);
            assertThat(failed.reason())
                    .isEqualTo("clean room failed on attempt 1 (permanent, not retried): " + C2_REVOKED);
            assertThat(failed.runIds()).as("a FAILED job lists no runs").isEmpty();

            // c1's part stands: one COMPLETED run, its receipt naming the job, icmr charged once.
            assertThat(aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c1"))
                    .extracting(TrainingRun::status)
                    .containsExactly(RunStatus.COMPLETED);
            TrainingReceipt r1 = aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c1");
            assertThat(r1.body().jobId()).isEqualTo("job-1");
            assertThat(aw.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, "icmr-data")
                            .spentEpsilon())
                    .as("icmr-data charged once, by c1's receipt")
                    .isPositive()
                    .isEqualByComparingTo(r1.body().datasets().get(0).epsilonSpent());
            assertThat(aw.w.sroLedger().evaluate(Contracts.GET, "c1").status()).isEqualTo(ContractStatus.COMPLETED);

            // c2's part: no receipt, nothing charged, one run that never completed.
            assertThatThrownBy(() -> aw.w.sroLedger().evaluate(Runs.GET_RECEIPT, "job-1-c2"))
                    .isInstanceOf(LedgerException.class);
            assertThat(aw.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, "cowin-data")
                            .spentEpsilon())
                    .as("nothing charged for the revoked contract")
                    .isEqualByComparingTo("0");
            List<TrainingRun> c2Runs = aw.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, "c2");
            assertThat(c2Runs).hasSize(1);
            // The run's end is on the ledger: FAILED naming the contract, not left STARTED.
            assertThat(c2Runs.get(0).status()).isEqualTo(RunStatus.FAILED);
            assertThat(c2Runs.get(0).reason()).isEqualTo(C2_REVOKED);
            assertThat(aw.w.sroLedger().evaluate(Contracts.GET, "c2").status()).isEqualTo(ContractStatus.REVOKED);

            // One launch: it trained once and submitted c1's receipt once.
            String agentLog = Files.readString(ws.resolve("agent.log"));
            assertThat(agentLog.lines().filter(l -> l.startsWith("training ")).count())
                    .as("one training")
                    .isEqualTo(1);
            assertThat(agentLog.lines()
                            .filter(l -> l.startsWith("ccr-agent: receipt of run job-1-c1 recorded"))
                            .count())
                    .as("c1's receipt submitted once")
                    .isEqualTo(1);
            assertThat(ws.resolve("clean-room-1.log")).exists();
            assertThat(ws.resolve("clean-room-2.log"))
                    .as("a permanent failure: no relaunch though K=2")
                    .doesNotExist();
            assertThat(Files.readString(ws.resolve("failure.txt"))).isEqualTo(C2_REVOKED + "\n");
        }
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
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n"
                        + Files.readString(dir.resolve("operator.log")));
            }
            Thread.sleep(100);
        }
    }
}
