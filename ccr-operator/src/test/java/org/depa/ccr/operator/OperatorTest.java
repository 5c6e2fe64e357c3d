package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator on the embedded ledger, launching real clean-room processes (a child JVM per job,
 * {@link TestCleanRoom}) that reach the ledger only through the operator's relay.
 */
class OperatorTest {
    @TempDir
    Path dir;

    private OperatorWorld ow;

    @BeforeEach
    void setUp() throws Exception {
        ow = new OperatorWorld(dir);
    }

    @AfterEach
    void tearDown() {
        ow.close();
    }

    @Test
    void schedulesEachJobAndRunsAtMostNCleanRoomsWithTheRestQueued() throws Exception {
        for (int i = 1; i <= 3; i++) {
            ow.submit("job-" + i, "c" + i);
        }
        try (Operator op = ow.operator(ow.settings(2, 3, "slow"))) {
            ow.await("two clean rooms training", () -> ow.training("job-1") && ow.training("job-2"));
            assertThat(ow.job("job-1").status()).isEqualTo(JobStatus.RUNNING);
            assertThat(ow.job("job-2").status()).isEqualTo(JobStatus.RUNNING);
            assertThat(ow.job("job-3").status()).as("scheduled, queued").isEqualTo(JobStatus.SCHEDULED);
            Operator.Status st = op.status();
            assertThat(st.running()).containsExactlyInAnyOrder("job-1", "job-2");
            assertThat(st.queued()).containsExactly("job-3");
            Thread.sleep(1000);
            assertThat(ow.launches("job-3"))
                    .as("no third clean room while two run")
                    .isEmpty();

            ow.go("job-1");
            ow.awaitStatus("job-1", JobStatus.COMPLETED);
            ow.await("job-3 launched once a slot is free", () -> ow.training("job-3"));
            // One at a time: two receipts submitted at the same instant can meet in the embedded
            // ledger's MVCC check (a read conflict fails one clean room, which the operator then
            // relaunches: right, but a second launch is not what this test counts).
            ow.go("job-2");
            ow.awaitStatus("job-2", JobStatus.COMPLETED);
            ow.go("job-3");
            for (int i = 1; i <= 3; i++) {
                TrainingJob j = ow.awaitStatus("job-" + i, JobStatus.COMPLETED);
                assertThat(j.runIds()).containsExactly("job-" + i + "-c" + i);
                assertThat(ow.runs("c" + i)).extracting(TrainingRun::status).containsExactly(RunStatus.COMPLETED);
                assertThat(ow.launches("job-" + i)).as(ow.operatorLog()).hasSize(1);
            }
            ow.await("no clean room left", () -> op.status().running().isEmpty());
        }
    }

    @Test
    void aCleanRoomKilledWithSigkillIsRestartedAndTheJobCompletesOnce() throws Exception {
        ow.submit("job-1", "c1");
        try (Operator op = ow.operator(ow.settings(1, 3, "slow"))) {
            ow.await("clean room training", () -> ow.training("job-1"));
            ProcessHandle child = ProcessHandle.of(ow.trainingPid("job-1")).orElseThrow();
            assertThat(child.destroyForcibly()).isTrue(); // SIGKILL
            child.onExit().get(30, TimeUnit.SECONDS);

            TrainingJob j = ow.awaitStatus("job-1", JobStatus.COMPLETED);
            assertThat(ow.launches("job-1")).hasSize(2);
            assertThat(j.runIds()).containsExactly("job-1-c1");
            assertThat(ow.runs("c1")).extracting(TrainingRun::status).containsExactly(RunStatus.COMPLETED);
            assertThat(ow.w.sroLedger()
                            .evaluate(Runs.GET_RECEIPT, "job-1-c1")
                            .body()
                            .jobId())
                    .isEqualTo("job-1");
            assertThat(ow.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, Scenario.ICMR_DATA)
                            .spentEpsilon())
                    .as("charged once")
                    .isEqualByComparingTo(TestCleanRoom.EPSILON);
            assertThat(ow.operatorLog()).contains("attempt 1 ended").contains("attempt 2 of 3");
        }
    }

    @Test
    void aCleanRoomThatKeepsFailingFailsTheJobWithItsReasonAfterKAttempts() throws Exception {
        ow.submit("job-1", "c1");
        try (Operator op = ow.operator(ow.settings(1, 2, "fail"))) {
            TrainingJob j = ow.awaitStatus("job-1", JobStatus.FAILED);
            assertThat(j.reason()).isEqualTo("clean room failed 2 times; last: " + TestCleanRoom.FAILURE);
            assertThat(ow.launches("job-1")).hasSize(2);
            assertThat(ow.runs("c1")).isEmpty();
            Thread.sleep(1000);
            assertThat(ow.launches("job-1"))
                    .as("no launch after the job failed")
                    .hasSize(2);
        }
    }

    /**
     * A clean room that exits saying its failure is permanent (CleanRoomExit.PERMANENT: a spec that does not open
     * its commitment, a ciphertext other than the signed one, a contract no longer in force) is not launched again,
     * whatever K: the job FAILED at once naming the reason, one launch.
     */
    @Test
    void aPermanentFailureFailsTheJobAtOnceWithoutARelaunch() throws Exception {
        ow.submit("job-1", "c1");
        try (Operator op = ow.operator(ow.settings(1, 3, "fail-permanent"))) {
            TrainingJob j = ow.awaitStatus("job-1", JobStatus.FAILED);
            assertThat(j.reason())
                    .isEqualTo("clean room failed on attempt 1 (permanent, not retried): " + TestCleanRoom.FAILURE);
            Thread.sleep(1000);
            assertThat(ow.launches("job-1")).as("one launch, no relaunch").hasSize(1);
            assertThat(ow.runs("c1")).isEmpty();
        }
    }

    @Test
    void anOperatorRestartedMidJobStartsNoSecondRun() throws Exception {
        ow.submit("job-1", "c1");
        OperatorSettings settings = ow.settings(1, 3, "slow");
        Operator first = ow.operator(settings);
        ow.await("clean room training", () -> ow.training("job-1"));
        long pid = ow.trainingPid("job-1");
        first.close(); // as a crash would: the clean room keeps running

        try (Operator second = ow.operator(settings)) {
            Thread.sleep(1500);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(ow.launches("job-1"))
                    .as("no second clean room while the first still runs")
                    .hasSize(1);
            assertThat(second.status().running()).containsExactly("job-1");
            ow.go("job-1");
            TrainingJob j = ow.awaitStatus("job-1", JobStatus.COMPLETED);
            assertThat(j.runIds()).containsExactly("job-1-c1");
            assertThat(ow.runs("c1")).hasSize(1);
            assertThat(ow.w.sroLedger()
                            .evaluate(Datasets.GET_BUDGET, Scenario.ICMR_DATA)
                            .spentEpsilon())
                    .isEqualByComparingTo(TestCleanRoom.EPSILON);
        }
        try (Operator third = ow.operator(settings)) {
            Thread.sleep(1500);
            assertThat(third.status().running()).isEmpty();
            assertThat(ow.launches("job-1"))
                    .as("a completed job is never launched again")
                    .hasSize(2);
        }
    }

    @Test
    void aJobOfAnotherCcrProviderIsIgnored() throws Exception {
        ow.w.onboard("ccr2", Role.CCR_PROVIDER, "CcrMSP");
        ow.s.propose(World.proposal("c9", "tdc", "ccr2", java.util.List.of(Scenario.COWIN_DATA), "1.5")
                .withModelSpecCommitment(OperatorWorld.COMMITMENT));
        ow.s.signAll("c9");
        ow.w.activate(ow.s.tdc, "c9");
        ow.s.tdc
                .ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                "other-job",
                                "tdc",
                                java.util.List.of("c9"),
                                OperatorWorld.COMMITMENT,
                                "https://tdc.example/specs/other",
                                "tdc-out"));
        ow.submit("job-1", "c1");
        try (Operator op = ow.operator(ow.settings(2, 3, "ok"))) {
            ow.awaitStatus("job-1", JobStatus.COMPLETED);
            assertThat(ow.job("other-job").status()).isEqualTo(JobStatus.SUBMITTED);
            assertThat(ow.launches("other-job")).isEmpty();
            assertThat(ow.state.resolve("jobs").resolve("other-job")).doesNotExist();
        }
    }

    @Test
    void aJobCancelledWhileQueuedIsNeverStarted() throws Exception {
        ow.submit("job-1", "c1");
        ow.submit("job-2", "c2");
        try (Operator op = ow.operator(ow.settings(1, 3, "slow"))) {
            ow.await("job-1 training", () -> ow.training("job-1"));
            ow.awaitStatus("job-2", JobStatus.SCHEDULED);
            ow.cancel("job-2");
            ow.await("job-2 out of the queue", () -> op.status().queued().isEmpty());
            ow.go("job-1");
            ow.awaitStatus("job-1", JobStatus.COMPLETED);
            Thread.sleep(1500);
            assertThat(ow.job("job-2").status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(ow.launches("job-2")).isEmpty();
            assertThat(ow.runs("c2")).isEmpty();
            assertThat(Files.exists(ow.control.resolve("job-2.training"))).isFalse();
        }
    }
}
