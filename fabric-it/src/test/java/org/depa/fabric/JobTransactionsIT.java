package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.fabric.JobCalls.refused;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 11's job rules on the real Fabric network (the embedded ledger's are ledger-client's
 * {@code JobTransactionsTest}): each party submits with its own enrolment, every write endorsed and
 * validated by the peers. Refusals with their codes and nothing left behind; a job over two 2-party
 * contracts with different TDPs charging both budgets; cancel before the run and not after RUNNING;
 * a second job against a contract's one budget refused without overspending.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class JobTransactionsIT {
    static final String SPEC = "{\"layers\":[{\"type\":\"dense\",\"units\":16}],\"marker\":\"tdc-private-fab1\"}";
    static final byte[] SALT = Hashes.sha256("fabric-job-salt".getBytes(StandardCharsets.UTF_8));
    static final String COMMITMENT = ModelSpecCommitments.commit(SALT, SPEC);
    static final String CHIP = "c1".repeat(64);
    static final String TCB = "0300000000000873";

    private static FabricWorld world;
    private static FabricWorld.Party tdpA;
    private static FabricWorld.Party tdpB;
    private static FabricWorld.Party tdc;
    private static FabricWorld.Party otherTdc;
    private static FabricWorld.Party ccr;
    private static String dsA;
    private static String dsB;
    private static JobCalls jobs;

    @BeforeAll
    static void setUp() {
        world = new FabricWorld(Path.of(System.getProperty("depa.fabric.network")));
        world.setUp();
        tdpA = world.onboard("job-tdp-a", Role.TDP, "ProviderMSP");
        tdpB = world.onboard("job-tdp-b", Role.TDP, "ProviderMSP");
        tdc = world.onboard("job-tdc", Role.TDC, "ConsumerMSP");
        otherTdc = world.onboard("job-tdc-other", Role.TDC, "ConsumerMSP");
        ccr = world.onboard("job-ccr", Role.CCR_PROVIDER, "ConsumerMSP");
        dsA = world.id("job-ds-a");
        dsB = world.id("job-ds-b");
        world.registerDataset(tdpA, dsA, "10", "2");
        world.registerDataset(tdpB, dsB, "10", "2");
        jobs = new JobCalls(world, tdc, "job-out");
    }

    @AfterAll
    static void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** An ACTIVE 2-party contract (TDC, CCR provider and {@code tdp}) over {@code dataset}, committing to the spec. */
    private static String active(String base, FabricWorld.Party tdp, String dataset) {
        String id = world.id(base);
        world.proposeCommitted(tdc, ccr, id, List.of(dataset), "1.5", COMMITMENT);
        world.signAll(id, tdc, ccr, tdp);
        tdc.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(id, tdc.id(), null));
        return id;
    }

    @Test
    void refusalsCarryTheirCodesAndLeaveNothingBehind() {
        String c = active("job-refusals", tdpA, dsA);
        String other = ModelSpecCommitments.commit(SALT, SPEC.replace("16", "17"));
        refused(ErrorCode.HASH_MISMATCH, () -> jobs.submit(tdc, world.id("j-spec"), other, c));
        // Another TDC of the same organisation, and the TDC's organisation's User1 acting for the TDC.
        refused(ErrorCode.NOT_A_PARTY, () -> otherTdc.ledger()
                .submit(Jobs.SUBMIT, jobs.request(otherTdc, world.id("j-other"), COMMITMENT, c)));
        refused(ErrorCode.WRONG_CLIENT, () -> new TypedLedger(world.client("ConsumerMSP"))
                .submit(Jobs.SUBMIT, jobs.request(tdc, world.id("j-colleague"), COMMITMENT, c)));
        assertThat(world.sro().evaluate(Jobs.LIST_BY_CONTRACT, c))
                .as("nothing left behind")
                .isEmpty();

        String revoked = active("job-revoked", tdpB, dsB);
        tdpB.ledger().submit(Contracts.REVOKE, new ContractActionRequest(revoked, tdpB.id(), "withdrawn"));
        refused(ErrorCode.INVALID_STATE, () -> jobs.submit(tdc, world.id("j-revoked"), COMMITMENT, c, revoked));
        assertThat(world.sro().evaluate(Jobs.LIST_BY_CONTRACT, c)).isEmpty();

        // A job holds the commitment, never the spec.
        TrainingJob j = jobs.submit(tdc, world.id("j-ok"), COMMITMENT, c);
        assertThat(new String(world.any().evaluate(Jobs.GET.name(), j.jobId()), StandardCharsets.UTF_8))
                .doesNotContain("tdc-private-fab1")
                .doesNotContain("dense");
        jobs.act(tdc, Jobs.CANCEL, j.jobId(), "done");
    }

    @Test
    void cancelBeforeTheRunAndNotAfterRunning() {
        String c = active("job-cancel", tdpA, dsA);
        String j1 = world.id("j-cancel-1");
        jobs.submit(tdc, j1, COMMITMENT, c);
        jobs.act(ccr, Jobs.SCHEDULE, j1, null);
        assertThat(jobs.act(tdc, Jobs.CANCEL, j1, "not needed").status()).isEqualTo(JobStatus.CANCELLED);
        String j2 = world.id("j-cancel-2");
        jobs.submit(tdc, j2, COMMITMENT, c);
        jobs.act(ccr, Jobs.SCHEDULE, j2, null);
        jobs.act(ccr, Jobs.START, j2, null);
        refused(ErrorCode.INVALID_STATE, () -> jobs.act(tdc, Jobs.CANCEL, j2, null));
        assertThat(jobs.job(j2).status()).isEqualTo(JobStatus.RUNNING);
        jobs.act(ccr, Jobs.FAIL, j2, "test over");
    }

    @Test
    void aJobOverTwoContractsChargesBothBudgetsAndASecondJobIsRefusedWithoutOverspending() {
        String c1 = active("job-two-1", tdpA, dsA);
        String c2 = active("job-two-2", tdpB, dsB);
        BigDecimal spentA = world.sro().evaluate(Datasets.GET_BUDGET, dsA).spentEpsilon();
        BigDecimal spentB = world.sro().evaluate(Datasets.GET_BUDGET, dsB).spentEpsilon();
        String jobId = world.id("j-two");
        jobs.submit(tdc, jobId, COMMITMENT, c1, c2);
        jobs.act(ccr, Jobs.SCHEDULE, jobId, null);
        jobs.act(ccr, Jobs.START, jobId, null);
        refused(ErrorCode.CONTRACT_IN_USE, () -> jobs.submit(tdc, world.id("j-second"), COMMITMENT, c1));

        String r1 = receipt(jobId, c1, tdpA, dsA, "1.2");
        String r2 = receipt(jobId, c2, tdpB, dsB, "1.4");
        TrainingJob done = ccr.ledger().submit(Jobs.COMPLETE, new CompleteJobRequest(jobId, ccr.id(), List.of(r2, r1)));
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.runIds()).containsExactly(r1, r2);
        assertThat(world.sro().evaluate(Datasets.GET_BUDGET, dsA).spentEpsilon())
                .isEqualByComparingTo(spentA.add(new BigDecimal("1.2")));
        assertThat(world.sro().evaluate(Datasets.GET_BUDGET, dsB).spentEpsilon())
                .isEqualByComparingTo(spentB.add(new BigDecimal("1.4")));
        assertThat(world.sro().evaluate(Contracts.GET, c1).status()).isEqualTo(ContractStatus.COMPLETED);

        // The contract's one budget is spent: a second job finds it COMPLETED and nothing moves.
        String budgets = world.sro().evaluate(Datasets.GET_BUDGET, dsA).toString();
        refused(ErrorCode.INVALID_STATE, () -> jobs.submit(tdc, world.id("j-after"), COMMITMENT, c1));
        assertThat(world.sro().evaluate(Datasets.GET_BUDGET, dsA).toString()).isEqualTo(budgets);
    }

    /** The job's run over {@code contractId}: started for the job, the TDP's key release, the receipt. */
    private static String receipt(String jobId, String contractId, FabricWorld.Party tdp, String dataset, String eps) {
        Credentials runKey = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P384_SHA384,
                "run",
                Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        String runId = "run-" + contractId;
        ccr.ledger()
                .submit(
                        Runs.START,
                        CleanRooms.start(
                                        CleanRooms.chip(CHIP, TCB),
                                        runId,
                                        contractId,
                                        ccr.id(),
                                        FabricWorld.MEASUREMENT,
                                        runKey.publicKeyPem())
                                .forJob(jobId));
        jobs.recordKeyRelease(tdp, runId, dataset, runKey, CHIP, TCB);
        LocalSigner signer = LocalSigner.fromPem(runKey.privateKeyPem());
        TreeMap<String, BigDecimal> metrics = new TreeMap<>();
        metrics.put("roc_auc", new BigDecimal("0.7"));
        ReceiptBody body = Requests.receipt(new ReceiptBody(
                        runId,
                        contractId,
                        Hashes.sha256Hex("model"),
                        List.of(new ReceiptDataset(dataset, Hashes.sha256Hex(dataset), new BigDecimal(eps))),
                        metrics,
                        world.sro().evaluate(Runs.GET, runId).reportSha256())
                .forJob(jobId, COMMITMENT));
        String sig = Base64.getEncoder().encodeToString(signer.sign(SigningPayloads.receipt(world.domain, body)));
        ccr.ledger().submit(Runs.SUBMIT_RECEIPT, new SubmitReceiptRequest(ccr.id(), body, sig));
        return runId;
    }
}
