package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of a training job (issue 11): under a contract whose terms commit to the model spec, the
 * agent's run and receipt name the job and the commitment, so the CCR provider can complete the job.
 */
class AgentJobRunTest {
    private static final String CONTRACT = "c-job";
    private static final byte[] SALT = Hashes.sha256("agent-job-salt".getBytes(StandardCharsets.UTF_8));
    /** The commitment to the world's spec file, which the clean room opens with the salt. */
    private static final String COMMITMENT = ModelSpecCommitments.commit(SALT, AgentWorld.SPEC);

    @TempDir
    Path dir;

    private AgentWorld a;
    private TypedLedger ccr;

    @BeforeEach
    void setUp() throws Exception {
        a = new AgentWorld(dir);
        World w = a.w;
        w.propose(
                a.tdc,
                World.proposal(CONTRACT, a.tdc.id(), a.ccr.id(), List.of(AgentWorld.ICMR, AgentWorld.COWIN), "1.5")
                        .withModelSpecCommitment(COMMITMENT));
        for (String party : w.contract(CONTRACT).parties()) {
            w.sign(w.party(party), CONTRACT);
        }
        w.activate(a.tdc, CONTRACT);
        a.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest("tdc-out", "tdc", SelfSigned.publicKeyPem(KeyType.EC_P256)));
        a.tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                "job-1", "tdc", List.of(CONTRACT), COMMITMENT, "https://tdc.example/s", "tdc-out"));
        ccr = a.ccr.ledger();
        ccr.submit(Jobs.SCHEDULE, new JobActionRequest("job-1", "ccr", null));
        ccr.submit(Jobs.START, new JobActionRequest("job-1", "ccr", null));
    }

    @AfterEach
    void tearDown() {
        a.close();
    }

    private Agent agent(Agent.Settings settings) {
        return new Agent(settings, ccr, a.evidence(), a.releasingKeys(), new JoiningTrainer("0.5", 0), a.log);
    }

    private Agent.Settings settings() {
        return new Agent.Settings(
                "run-j",
                CONTRACT,
                "ccr",
                a.w.domain(),
                dir.resolve("work"),
                dir.resolve("out"),
                dir.resolve("model.json"),
                a.w.clock);
    }

    @Test
    void theRunAndItsReceiptNameTheJobAndTheJobCompletes() {
        Agent.Result r = agent(settings()
                        .forJob("job-1", COMMITMENT)
                        .withModelSpecSalt(java.util.HexFormat.of().formatHex(SALT)))
                .run();

        TrainingRun run = a.w.sroLedger().evaluate(Runs.GET, "run-j");
        assertThat(run.jobId()).isEqualTo("job-1");
        TrainingReceipt receipt = a.w.sroLedger().evaluate(Runs.GET_RECEIPT, "run-j");
        assertThat(receipt.body().jobId()).isEqualTo("job-1");
        assertThat(receipt.body().modelSpecCommitment()).isEqualTo(COMMITMENT);
        assertThat(r.receipt().body()).isEqualTo(receipt.body());
        assertThat(ccr.submit(Jobs.COMPLETE, new CompleteJobRequest("job-1", "ccr", List.of("run-j")))
                        .status())
                .isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void withoutTheJobTheLedgerRefusesToStartARunUnderACommittedContract() {
        assertThatThrownBy(() -> agent(settings()).run())
                .isInstanceOf(AgentException.class)
                .satisfies(e -> assertThat(((AgentException) e).stage()).isEqualTo(AgentException.Stage.RUN_START));
        assertThat(a.w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, CONTRACT)).isEmpty();
    }

    @Test
    void aJobIdWithoutItsCommitmentIsRefused() {
        assertThatThrownBy(() -> new Agent.Settings(
                        "r", CONTRACT, "ccr", a.w.domain(), dir, dir, dir, a.w.clock, "job-1", null, null))
                .hasMessageContaining("jobId and modelSpecCommitment");
    }
}
