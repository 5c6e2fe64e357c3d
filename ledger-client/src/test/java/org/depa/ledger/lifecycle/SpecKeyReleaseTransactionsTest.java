package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * runs:recordSpecKeyRelease (issue 11): only the job's TDC, under its own client, records that it released its
 * sealed-spec key, and only to a STARTED run of that job, for the job's commitment, from the chip and TCB of the
 * run's start and with the run key's signature over a spec request. Everyone else is refused, nothing recorded.
 * Fixture: job-1 (c1, icmr-data) and job-2 (c2, cowin-data), both RUNNING with a started run; c0 (no commitment)
 * with a run outside any job; a second TDC, tdc2.
 */
class SpecKeyReleaseTransactionsTest {
    private static final byte[] SALT = Hashes.sha256("spec-release-salt".getBytes(StandardCharsets.UTF_8));
    private static final String COMMITMENT = ModelSpecCommitments.commit(SALT, "{\"epochs\":5}");

    private Scenario s;
    private World w;
    private Party tdc2;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        tdc2 = w.onboard("tdc2", Role.TDC, "Consumer2MSP");
        for (String[] c : List.of(new String[] {"c1", Scenario.ICMR_DATA}, new String[] {"c2", Scenario.COWIN_DATA})) {
            s.propose(s.proposal(c[0], "1.5", c[1]).withModelSpecCommitment(COMMITMENT));
            s.signAll(c[0]);
            w.activate(s.tdc, c[0]);
        }
        s.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest("tdc-out", "tdc", SelfSigned.publicKeyPem(KeyType.EC_P256)));
        running("job-1", "c1", "r1");
        running("job-2", "c2", "r2");
        s.active("c0", "1", Scenario.ICMR_DATA);
        s.startRun("c0", "r0");
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private void running(String jobId, String contractId, String runId) {
        s.tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                jobId, "tdc", List.of(contractId), COMMITMENT, "file:/tdc/spec.sealed", "tdc-out"));
        s.ccr.ledger().submit(Jobs.SCHEDULE, new JobActionRequest(jobId, "ccr", null));
        s.ccr.ledger().submit(Jobs.START, new JobActionRequest(jobId, "ccr", null));
        s.ccr.ledger()
                .submit(
                        Runs.START,
                        World.startRequest(s.ccr, runId, contractId, s.runKey(runId), World.CHIP_ID, World.REPORTED_TCB)
                                .forJob(jobId));
    }

    private SpecKeyReleaseRequest request(String tdcId, String runId, String jobId) {
        return request(tdcId, runId, jobId, COMMITMENT, World.CHIP_ID, s.runKey(runId), true);
    }

    private SpecKeyReleaseRequest request(
            String tdcId,
            String runId,
            String jobId,
            String commitment,
            String chip,
            Credentials signer,
            boolean spec) {
        String report = Hashes.sha256Hex("spec-report-" + runId);
        String recipient = Hashes.sha256Hex("spec-recipient-" + runId);
        byte[] payload = spec
                ? SigningPayloads.specKeyRelease(runId, jobId, report, recipient)
                : SigningPayloads.keyRelease(runId, jobId, report, recipient);
        byte[] sig = LocalSigner.fromPem(signer.privateKeyPem()).sign(payload);
        return new SpecKeyReleaseRequest(
                runId,
                jobId,
                tdcId,
                commitment,
                World.MEASUREMENT,
                report,
                recipient,
                chip,
                World.REPORTED_TCB,
                Base64.getEncoder().encodeToString(sig));
    }

    private void refusedWithNothingRecorded(ErrorCode code, TypedLedger caller, SpecKeyReleaseRequest r) {
        refused(code, () -> caller.submit(Runs.RECORD_SPEC_KEY_RELEASE, r));
        for (String run : List.of("r0", "r1", "r2")) {
            assertThat(w.sroLedger().evaluate(Runs.SPEC_KEY_RELEASES, run)).isEmpty();
        }
    }

    @Test
    void theJobsTdcRecordsTheReleaseToARunOfItsJobAndAnyoneCanReadIt() {
        SpecKeyReleaseRecord k = s.tdc.ledger().submit(Runs.RECORD_SPEC_KEY_RELEASE, request("tdc", "r1", "job-1"));
        assertThat(k.jobId()).isEqualTo("job-1");
        assertThat(k.contractId()).isEqualTo("c1");
        assertThat(k.tdcId()).isEqualTo("tdc");
        assertThat(k.modelSpecCommitment()).isEqualTo(COMMITMENT);
        assertThat(k.chipId()).isEqualTo(World.CHIP_ID);
        assertThat(w.sroLedger().evaluate(Runs.SPEC_KEY_RELEASES, "r1")).containsExactly(k);
        // Not a dataset key release: the receipt's check of dataset releases is not touched.
        assertThat(w.sroLedger().evaluate(Runs.KEY_RELEASES, "r1")).isEmpty();
    }

    @Test
    void aTdpOrItsBridgeCannotRecordASpecKeyRelease() {
        refusedWithNothingRecorded(ErrorCode.WRONG_ROLE, s.icmr.ledger(), request("icmr", "r1", "job-1"));
        // A TDP naming the TDC is not the TDC's client.
        refusedWithNothingRecorded(ErrorCode.WRONG_ORGANISATION, s.icmr.ledger(), request("tdc", "r1", "job-1"));
    }

    @Test
    void anotherTdcOrAColleagueOfTheTdcActingForItIsRefused() {
        refusedWithNothingRecorded(ErrorCode.NOT_A_PARTY, tdc2.ledger(), request("tdc2", "r1", "job-1"));
        refusedWithNothingRecorded(ErrorCode.WRONG_ORGANISATION, tdc2.ledger(), request("tdc", "r1", "job-1"));
        TypedLedger colleague = new TypedLedger(w.client("ConsumerMSP", "tdc-colleague"));
        refusedWithNothingRecorded(ErrorCode.WRONG_CLIENT, colleague, request("tdc", "r1", "job-1"));
    }

    @Test
    void aRunOfAnotherJobOrOfNoJobIsRefused() {
        // r2 is job-2's run (the same TDC): a release for job-1 cannot name it, and the reverse.
        refusedWithNothingRecorded(ErrorCode.NOT_A_PARTY, s.tdc.ledger(), request("tdc", "r2", "job-1"));
        refusedWithNothingRecorded(ErrorCode.NOT_A_PARTY, s.tdc.ledger(), request("tdc", "r1", "job-2"));
        refusedWithNothingRecorded(ErrorCode.NOT_A_PARTY, s.tdc.ledger(), request("tdc", "r0", "job-1"));
    }

    @Test
    void anotherCommitmentIsRefused() {
        String other = ModelSpecCommitments.commit(SALT, "{\"epochs\":6}");
        refusedWithNothingRecorded(
                ErrorCode.HASH_MISMATCH,
                s.tdc.ledger(),
                request("tdc", "r1", "job-1", other, World.CHIP_ID, s.runKey("r1"), true));
    }

    @Test
    void anotherChipAnotherKeyOrADatasetRequestsSignatureIsRefused() {
        String otherChip = "ab".repeat(64);
        refusedWithNothingRecorded(
                ErrorCode.CHIP_MISMATCH,
                s.tdc.ledger(),
                request("tdc", "r1", "job-1", COMMITMENT, otherChip, s.runKey("r1"), true));
        refusedWithNothingRecorded(
                ErrorCode.INVALID_SIGNATURE,
                s.tdc.ledger(),
                request("tdc", "r1", "job-1", COMMITMENT, World.CHIP_ID, w.runKey("stranger"), true));
        // The run key's genuine signature, but over a dataset release's payload: not a spec request.
        refusedWithNothingRecorded(
                ErrorCode.INVALID_SIGNATURE,
                s.tdc.ledger(),
                request("tdc", "r1", "job-1", COMMITMENT, World.CHIP_ID, s.runKey("r1"), false));
    }

    @Test
    void aRunThatIsNoLongerStartedIsRefused() {
        s.ccr.ledger().submit(Runs.FAIL, new FailRunRequest("r1", "ccr", "test"));
        refusedWithNothingRecorded(ErrorCode.RUN_NOT_ACTIVE, s.tdc.ledger(), request("tdc", "r1", "job-1"));
    }
}
