package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.fabric.JobCalls.refused;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 11: a job on an expired contract, on the Fabric network. The network's clock cannot be
 * moved, so the contract expires a few seconds after it is activated and the test waits past it.
 *
 * <p>What the chaincode judges time by on Fabric: the proposal's timestamp, which the submitting
 * client writes into the channel header ({@code stub.getTxTimestamp()}). Fabric 2.5 checks it
 * nowhere on the way to the ledger: the endorser's proposal checks (core/endorser/msgvalidation.go)
 * cover header type, epoch, nonce, creator, transaction id and signature; the peers' auth filters
 * ({@code DefaultAuth}, {@code ExpirationCheck}) check the creator's certificate; the orderer and the
 * committing peers check no time. {@code peer.authentication.timewindow} (15 minutes) applies to the
 * Deliver service's requests only. So a member's client may stamp any time, and {@link
 * ChosenTimeClient} does. The chaincode's peer processes bound it: each refuses a proposal stamped
 * further than DEPA_TX_TIME_WINDOW (5 minutes here) from its own clock (TIMESTAMP_OUTSIDE_WINDOW),
 * and MAJORITY endorsement needs two organisations' processes. The test shows that a backdate or a
 * forward date beyond the window is refused with nothing written, what a client can still do within
 * the window, and what holds even then.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class ContractExpiryIT {
    private static final String SPEC = "{\"layers\":[{\"type\":\"dense\",\"units\":4}],\"marker\":\"expiry\"}";
    private static final String COMMITMENT =
            ModelSpecCommitments.commit(Hashes.sha256("fabric-expiry-salt".getBytes(StandardCharsets.UTF_8)), SPEC);
    private static final String CHIP = "c2".repeat(64);
    private static final String TCB = "0300000000000873";
    /** Long enough for propose, three signatures, activation and one job on the shared machine. */
    private static final Duration SHORT_LIFE = Duration.ofSeconds(30);

    private static FabricWorld world;
    private static FabricWorld.Party tdp;
    private static FabricWorld.Party tdc;
    private static FabricWorld.Party ccr;
    private static FabricWorld.Party outsider;
    private static String dataset;
    private static JobCalls jobs;

    @BeforeAll
    static void setUp() {
        world = new FabricWorld(Path.of(System.getProperty("depa.fabric.network")));
        world.setUp();
        tdp = world.onboard("exp-tdp", Role.TDP, "ProviderMSP");
        tdc = world.onboard("exp-tdc", Role.TDC, "ConsumerMSP");
        ccr = world.onboard("exp-ccr", Role.CCR_PROVIDER, "ConsumerMSP");
        outsider = world.onboard("exp-outsider", Role.TDP, "ProviderMSP");
        dataset = world.id("exp-ds");
        world.registerDataset(tdp, dataset, "10", "2");
        jobs = new JobCalls(world, tdc, "exp-out");
    }

    @AfterAll
    static void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aJobOnAnExpiredContractIsRefusedAndAClientsTimeIsBoundByThePeers() throws Exception {
        PrivacyBudget before = budget();
        Instant validUntil = Instant.now().plus(SHORT_LIFE);
        String c = active("exp-short", validUntil);
        assertThat(budget().reservedEpsilon())
                .isEqualByComparingTo(before.reservedEpsilon().add(BigDecimal.ONE));
        String early = world.id("exp-job-early");
        jobs.submit(tdc, early, COMMITMENT, c);
        String live = active("exp-live", Instant.now().plus(Duration.ofDays(7)));
        refused(ErrorCode.INVALID_STATE, () -> expire(outsider, live)); // not yet
        waitPast(validUntil);

        // Honest clients, stamping the time they submit at: the contract is expired.
        refused(ErrorCode.CONTRACT_EXPIRED, () -> jobs.submit(tdc, world.id("exp-job-late"), COMMITMENT, c));
        refused(ErrorCode.CONTRACT_EXPIRED, () -> jobs.act(ccr, Jobs.SCHEDULE, early, null));
        assertThat(jobs.jobsOf(c)).as("nothing left behind").containsExactly(early);
        assertThat(jobs.job(early).status()).isEqualTo(JobStatus.SUBMITTED);

        try (ChosenTimeClient hostileTdc = new ChosenTimeClient(world.settings(tdc.mspId(), tdc.id()));
                ChosenTimeClient hostileCcr = new ChosenTimeClient(world.settings(ccr.mspId(), ccr.id()));
                ChosenTimeClient hostileOutsider =
                        new ChosenTimeClient(world.settings(outsider.mspId(), outsider.id()))) {
            // Backdating beyond the peers' window (5 minutes) to a time the contract was in force (it has been valid
            // since yesterday): before the chaincode's time window, both committed. Now each endorsing peer's
            // chaincode process refuses them against its own clock, and nothing is written.
            Instant farBack = validUntil.minus(Duration.ofMinutes(7));
            String forged = world.id("exp-job-backdated");
            outsideWindow(() -> hostileTdc.submitAt(farBack, Jobs.SUBMIT, jobs.request(tdc, forged, COMMITMENT, c)));
            outsideWindow(
                    () -> hostileCcr.submitAt(farBack, Jobs.SCHEDULE, new JobActionRequest(early, ccr.id(), null)));
            assertThat(jobs.jobsOf(c)).as("no backdated job").containsExactly(early);
            assertThat(jobs.job(early).status()).as("not scheduled").isEqualTo(JobStatus.SUBMITTED);

            // Forward-dating beyond the window: a member that is no party expiring a contract with a week to run.
            // Before the window it was EXPIRED and its reservation released; now it is refused and nothing changes.
            outsideWindow(() -> hostileOutsider.submitAt(
                    Instant.now().plus(Duration.ofDays(8)),
                    Contracts.EXPIRE,
                    new ContractActionRequest(live, outsider.id(), null)));
            // Within the window the stamped time is still the one judged, so it cannot reach a week ahead.
            ChosenTimeClient.Refused near = assertThrows(
                    ChosenTimeClient.Refused.class,
                    () -> hostileOutsider.submitAt(
                            Instant.now().plus(Duration.ofMinutes(4)),
                            Contracts.EXPIRE,
                            new ContractActionRequest(live, outsider.id(), null)));
            assertThat(near.code).as(near.getMessage()).isEqualTo(ErrorCode.INVALID_STATE.name());
            assertThat(world.sro().evaluate(Contracts.GET, live).status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(budget().reservedEpsilon())
                    .as("both contracts still reserve their epsilon")
                    .isEqualByComparingTo(before.reservedEpsilon().add(new BigDecimal("2")));

            // The TDC cancels the early job (cancelling needs no contract in force): the contract is no longer held.
            jobs.act(tdc, Jobs.CANCEL, early, null);

            // What the window leaves: within it a client still chooses its time. The TDC and the CCR provider,
            // backdating by seconds to before validUntil, submit, schedule and start a job and its run (while no one
            // has recorded contracts:expire)...
            Instant backdated = validUntil.minusSeconds(5);
            String withinWindow = world.id("exp-job-backdated-near");
            hostileTdc.submitAt(backdated, Jobs.SUBMIT, jobs.request(tdc, withinWindow, COMMITMENT, c));
            hostileCcr.submitAt(backdated, Jobs.SCHEDULE, new JobActionRequest(withinWindow, ccr.id(), null));
            hostileCcr.submitAt(backdated, Jobs.START, new JobActionRequest(withinWindow, ccr.id(), null));
            assertThat(jobs.job(withinWindow).status())
                    .as("a backdate within the window")
                    .isEqualTo(JobStatus.RUNNING);
            Credentials runKey = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P384_SHA384,
                    "run",
                    Instant.now().minusSeconds(600),
                    Instant.now().plus(Duration.ofDays(1)));
            String runId = withinWindow + "-" + c;
            hostileCcr.submitAt(
                    backdated,
                    Runs.START,
                    CleanRooms.start(
                                    CleanRooms.chip(CHIP, TCB),
                                    runId,
                                    c,
                                    ccr.id(),
                                    FabricWorld.MEASUREMENT,
                                    runKey.publicKeyPem())
                            .forJob(withinWindow));
            // ...but the data key is the TDP's: its bridge records the release with its own clock before it releases
            // (KmsReleaseIT), and that record is refused, so no key leaves the bridge.
            refused(ErrorCode.CONTRACT_EXPIRED, () -> jobs.recordKeyRelease(tdp, runId, dataset, runKey, CHIP, TCB));
            assertThat(world.sro().evaluate(Runs.KEY_RELEASES, runId)).isEmpty();

            // An honest expiry after validUntil, by any member: the reservation is released, nothing spent.
            assertThat(expire(outsider, c).status()).isEqualTo(ContractStatus.EXPIRED);
            assertThat(budget().reservedEpsilon())
                    .as("the live contract's 1 still reserved; the short one's released")
                    .isEqualByComparingTo(before.reservedEpsilon().add(BigDecimal.ONE));
            assertThat(budget().spentEpsilon()).isEqualByComparingTo(before.spentEpsilon());
            refused(ErrorCode.INVALID_STATE, () -> expire(tdc, c));
            // From now on the contract's status decides, whatever time a proposal carries.
            ChosenTimeClient.Refused late = assertThrows(
                    ChosenTimeClient.Refused.class,
                    () -> hostileTdc.submitAt(
                            backdated, Jobs.SUBMIT, jobs.request(tdc, world.id("exp-job-backdated-2"), COMMITMENT, c)));
            assertThat(late.code).as(late.getMessage()).isEqualTo(ErrorCode.INVALID_STATE.name());
        }
        assertThat(world.sro().evaluate(Contracts.GET, live).status()).isEqualTo(ContractStatus.ACTIVE);
    }

    /**
     * Refused by the endorsing peers' chaincode processes with TIMESTAMP_OUTSIDE_WINDOW, the message naming the
     * proposal's time, the peer's and the window.
     */
    private static void outsideWindow(org.junit.jupiter.api.function.Executable call) {
        ChosenTimeClient.Refused r = assertThrows(ChosenTimeClient.Refused.class, call);
        assertThat(r.code).as(r.getMessage()).isEqualTo(ErrorCode.TIMESTAMP_OUTSIDE_WINDOW.name());
        assertThat(r.getMessage())
                .contains("the proposal's time ")
                .contains("this peer's time ")
                .contains("within 5 min");
    }

    /** An ACTIVE contract of the TDC over the dataset (epsilon 1), valid until {@code validUntil}. */
    private static String active(String base, Instant validUntil) {
        String id = world.id(base);
        world.propose(
                tdc,
                new ContractProposal(
                        id,
                        tdc.id(),
                        ccr.id(),
                        "TRAINING",
                        // In force since yesterday, so a backdate of minutes is a time it was in force.
                        Instant.now().minus(Duration.ofDays(1)).toString(),
                        validUntil.toString(),
                        List.of(new DatasetClauseRequest(
                                dataset,
                                "mobile",
                                new PrivacyConstraints(
                                        BigDecimal.ONE, new BigDecimal("0.01"), BigDecimal.ONE, new BigDecimal("2"), 2),
                                1000L)),
                        List.of(FabricWorld.MEASUREMENT),
                        new PaymentTerms("INR", 1000),
                        new RevocationTerms(List.of(Role.TDP, Role.TDC)),
                        COMMITMENT));
        world.signAll(id, tdc, ccr, tdp);
        tdc.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(id, tdc.id(), null));
        return id;
    }

    private static org.depa.ledger.model.domain.ContractRecord expire(FabricWorld.Party who, String contract) {
        return who.ledger().submit(Contracts.EXPIRE, new ContractActionRequest(contract, who.id(), null));
    }

    private static PrivacyBudget budget() {
        return world.sro().evaluate(Datasets.GET_BUDGET, dataset);
    }

    /** Sleeps until this JVM's clock, which stamps every honest proposal here, is past {@code t}. */
    private static void waitPast(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis() + 500;
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
