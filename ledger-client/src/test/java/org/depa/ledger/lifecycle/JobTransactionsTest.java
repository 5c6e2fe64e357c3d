package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.json;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.OutputKey;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * jobs:* (issue 11, item 1) — output keys, and training jobs over ACTIVE contracts whose signed
 * terms commit to the model spec. The outer fixture: contracts c1 (icmr-data) and c2 (cowin-data,
 * another TDP), both ACTIVE at epsilon 1.5 and committing to {@link #COMMITMENT}; c0 (icmr-data)
 * ACTIVE without a commitment, as every contract made before issue 11; the TDC's output key
 * {@code tdc-out}.
 */
class JobTransactionsTest {
    /** The TDC's private model spec: it never goes on the ledger. */
    static final String SPEC = "{\"layers\":[{\"type\":\"dense\",\"units\":16},{\"type\":\"dense\",\"units\":1}],"
            + "\"secretArchitectureMarker\":\"tdc-private-7f3a\",\"epochs\":5}";

    static final byte[] SALT = Hashes.sha256("job-test-salt".getBytes(StandardCharsets.UTF_8));
    static final String COMMITMENT = ModelSpecCommitments.commit(SALT, SPEC);
    static final String OTHER_COMMITMENT =
            ModelSpecCommitments.commit(SALT, SPEC.replace("\"units\":16", "\"units\":17"));
    static final String SPEC_URI = "https://tdc.example/specs/job-1.sealed";

    private Scenario s;
    private World w;
    /** A client of the TDC's organisation that is not the TDC's bound client. */
    private TypedLedger tdcColleague;
    /** A client of the CCR provider's organisation that is not its bound client. */
    private TypedLedger ccrColleague;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        tdcColleague = new TypedLedger(w.client("ConsumerMSP", "tdc-colleague"));
        ccrColleague = new TypedLedger(w.client("CcrMSP", "ccr-colleague"));
        activeWithModel("c1", COMMITMENT, Scenario.ICMR_DATA);
        activeWithModel("c2", COMMITMENT, Scenario.COWIN_DATA);
        s.active("c0", "1", Scenario.ICMR_DATA);
        registerKey(s.tdc, "tdc-out", SelfSigned.publicKeyPem(KeyType.EC_P256));
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private ContractRecord activeWithModel(String contractId, String commitment, String... datasets) {
        s.propose(s.proposal(contractId, "1.5", datasets).withModelSpecCommitment(commitment));
        s.signAll(contractId);
        return w.activate(s.tdc, contractId);
    }

    private OutputKey registerKey(Party tdc, String keyId, String pem) {
        return tdc.ledger().submit(Jobs.REGISTER_OUTPUT_KEY, new RegisterOutputKeyRequest(keyId, tdc.id(), pem));
    }

    private static SubmitJobRequest request(String jobId, String... contracts) {
        return new SubmitJobRequest(jobId, "tdc", List.of(contracts), COMMITMENT, SPEC_URI, "tdc-out");
    }

    private TrainingJob submit(String jobId, String... contracts) {
        return s.tdc.ledger().submit(Jobs.SUBMIT, request(jobId, contracts));
    }

    private TrainingJob act(
            Party who,
            org.depa.ledger.model.catalogue.Tx<JobActionRequest, TrainingJob> tx,
            String jobId,
            String reason) {
        return who.ledger().submit(tx, new JobActionRequest(jobId, who.id(), reason));
    }

    private TrainingJob running(String jobId, String... contracts) {
        submit(jobId, contracts);
        act(s.ccr, Jobs.SCHEDULE, jobId, null);
        return act(s.ccr, Jobs.START, jobId, null);
    }

    private TrainingJob job(String jobId) {
        return w.sroLedger().evaluate(Jobs.GET, jobId);
    }

    private TrainingRun startJobRun(String jobId, String contractId, String runId) {
        return s.ccr.ledger().submit(Runs.START, runRequest(jobId, contractId, runId));
    }

    private StartRunRequest runRequest(String jobId, String contractId, String runId) {
        return World.startRequest(s.ccr, runId, contractId, s.runKey(runId), World.CHIP_ID, World.REPORTED_TCB)
                .forJob(jobId);
    }

    /** The run's receipt for job {@code jobId} with {@code commitment}, spending {@code eps} per dataset. */
    private void receipt(String jobId, String contractId, String runId, String eps, String commitment) {
        s.releaseAll(contractId, runId);
        ReceiptBody body = s.body(contractId, runId, eps).forJob(jobId, commitment);
        s.submit(s.receipt(body));
    }

    private ContractRecord revoke(String contractId) {
        return s.tdc.ledger().submit(Contracts.REVOKE, new ContractActionRequest(contractId, "tdc", "stop"));
    }

    private String budgets() {
        return w.raw(Datasets.GET_BUDGET.name(), Scenario.ICMR_DATA)
                + w.raw(Datasets.GET_BUDGET.name(), Scenario.COWIN_DATA);
    }

    @Nested
    class CommitmentInTheSignedTerms {
        @Test
        void everyPartySignsTheCommitmentAndTermsWithoutOneHashAsBefore() {
            ContractRecord c1 = s.contract("c1");
            assertThat(c1.terms().modelSpecCommitment()).isEqualTo(COMMITMENT);
            assertThat(c1.documentSha256())
                    .as("the signed document hash covers the commitment")
                    .isEqualTo(Hashes.sha256Hex(org.depa.ledger.model.Json.canonical(c1.terms())));
            assertThat(w.raw(Contracts.GET.name(), "c0")).doesNotContain("modelSpecCommitment");
        }

        @Test
        void changingTheCommitmentVoidsTheSignatures() {
            s.propose(s.proposal("c5", "1", Scenario.COWIN_DATA).withModelSpecCommitment(COMMITMENT));
            s.signAll("c5");
            s.tdc.ledger()
                    .submit(
                            Contracts.AMEND,
                            s.proposal("c5", "1", Scenario.COWIN_DATA).withModelSpecCommitment(OTHER_COMMITMENT));
            w.refuse(ErrorCode.SIGNATURES_MISSING, () -> w.activate(s.tdc, "c5"));
        }

        @Test
        void refusesAMalformedCommitment() {
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> s.propose(s.proposal("c5", "1", Scenario.COWIN_DATA)
                                            .withModelSpecCommitment("not-hex")))
                            .getMessage())
                    .contains("'modelSpecCommitment'");
        }
    }

    @Nested
    class RegisterOutputKey {
        @Test
        void registersADedicatedP256OrP384Key() {
            String pem = SelfSigned.publicKeyPem(KeyType.EC_P384);
            OutputKey k = registerKey(s.tdc, "tdc-out-384", pem);
            assertThat(k.curve()).isEqualTo("P-384");
            assertThat(k.tdcId()).isEqualTo("tdc");
            assertThat(k.keySha256()).hasSize(64);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("OutputKeyRegistered");
            assertThat(e.objectId()).isEqualTo("tdc-out-384");
            assertThat(w.sroLedger().evaluate(Jobs.GET_OUTPUT_KEY, "tdc-out-384"))
                    .isEqualTo(k);
            assertThat(w.sroLedger().evaluate(Jobs.GET_OUTPUT_KEY, "tdc-out").curve())
                    .isEqualTo("P-256");
        }

        @Test
        void refusesKeysThatAreNotEcP256OrP384() {
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> registerKey(s.tdc, "k-ed", SelfSigned.publicKeyPem(KeyType.ED25519)));
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> registerKey(s.tdc, "k-521", SelfSigned.publicKeyPem(KeyType.EC_P521)));
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> registerKey(s.tdc, "k-rsa", SelfSigned.publicKeyPem(KeyType.RSA_2048)));
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> registerKey(s.tdc, "k-bad", "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n"));
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> registerKey(s.tdc, "k-cert", s.runKey("x").certificatePem()));
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> registerKey(s.tdc, "k-empty", " "));
        }

        @Test
        void refusesTheTdcsOwnSigningKey() {
            LedgerException e = w.refuse(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> registerKey(s.tdc, "k-sign", s.tdc.credentials().publicKeyPem()));
            assertThat(e.getMessage()).contains("dedicated encryption key");
        }

        @Test
        void refusesAnotherRoleAHostileColleagueAndADuplicate() {
            String pem = SelfSigned.publicKeyPem(KeyType.EC_P256);
            w.refuse(ErrorCode.WRONG_ROLE, () -> s.icmr.ledger()
                    .submit(Jobs.REGISTER_OUTPUT_KEY, new RegisterOutputKeyRequest("k-icmr", "icmr", pem)));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> tdcColleague.submit(
                            Jobs.REGISTER_OUTPUT_KEY, new RegisterOutputKeyRequest("k-evil", "tdc", pem)));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> s.icmr.ledger()
                    .submit(Jobs.REGISTER_OUTPUT_KEY, new RegisterOutputKeyRequest("k-evil", "tdc", pem)));
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> registerKey(s.tdc, "tdc-out", pem));
            w.refuse(ErrorCode.NOT_FOUND, () -> w.sroLedger().evaluate(Jobs.GET_OUTPUT_KEY, "k-evil"));
        }
    }

    @Nested
    class Submit {
        @Test
        void submitsAJobHoldingOnlyTheCommitmentNeverTheSpec() {
            TrainingJob job = submit("j1", "c1");
            assertThat(job.status()).isEqualTo(JobStatus.SUBMITTED);
            assertThat(job.tdcId()).isEqualTo("tdc");
            assertThat(job.ccrProviderId()).isEqualTo("ccr");
            assertThat(job.contractIds()).containsExactly("c1");
            assertThat(job.modelSpecCommitment()).isEqualTo(COMMITMENT);
            assertThat(job.sealedSpecUri()).isEqualTo(SPEC_URI);
            assertThat(job.outputKeySha256())
                    .isEqualTo(w.sroLedger()
                            .evaluate(Jobs.GET_OUTPUT_KEY, "tdc-out")
                            .keySha256());
            assertThat(job.runIds()).isEmpty();
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("JobSubmitted");
            assertThat(e.actor()).isEqualTo("tdc");
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c1")).containsExactly(job);
            // Nothing a ledger reader sees carries the spec: not the job, not the contract's terms.
            String raw = w.raw(Jobs.GET.name(), "j1") + w.raw(Contracts.GET.name(), "c1");
            assertThat(raw).doesNotContain("tdc-private-7f3a").doesNotContain("dense");
        }

        @Test
        void namesTwoContractsWithDifferentTdps() {
            String before = budgets();
            TrainingJob job = submit("j2", "c2", "c1");
            assertThat(job.contractIds()).containsExactly("c1", "c2");
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c2")).containsExactly(job);
            assertThat(budgets())
                    .as("a job reserves nothing more: activation did")
                    .isEqualTo(before);
        }

        @Test
        void refusesAJobBySomeoneOtherThanTheContractsTdc() {
            Party tdc2 = w.onboard("tdc2", Role.TDC, "ConsumerMSP");
            registerKey(tdc2, "tdc2-out", SelfSigned.publicKeyPem(KeyType.EC_P256));
            LedgerException e = w.refuse(ErrorCode.NOT_A_PARTY, () -> tdc2.ledger()
                    .submit(
                            Jobs.SUBMIT,
                            new SubmitJobRequest("j-other", "tdc2", List.of("c1"), COMMITMENT, SPEC_URI, "tdc2-out")));
            assertThat(e.getMessage()).contains("c1");
            // Nor may the TDC seal a job's output to another TDC's key.
            w.refuse(ErrorCode.NOT_A_PARTY, () -> s.tdc.ledger()
                    .submit(
                            Jobs.SUBMIT,
                            new SubmitJobRequest("j-k", "tdc", List.of("c1"), COMMITMENT, SPEC_URI, "tdc2-out")));
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c1")).isEmpty();
        }

        @Test
        void refusesAHostileSameOrganisationClientAndOtherRoles() {
            w.refuse(ErrorCode.WRONG_CLIENT, () -> tdcColleague.submit(Jobs.SUBMIT, request("j1", "c1")));
            w.refuse(ErrorCode.WRONG_ROLE, () -> s.ccr.ledger()
                    .submit(
                            Jobs.SUBMIT,
                            new SubmitJobRequest("j1", "ccr", List.of("c1"), COMMITMENT, SPEC_URI, "tdc-out")));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> s.ccr.ledger().submit(Jobs.SUBMIT, request("j1", "c1")));
            w.suspend("tdc");
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> submit("j1", "c1"));
        }

        @Test
        void refusesAContractThatIsNotActiveAndUnexpired() {
            s.draft("c-draft", "1", Scenario.ICMR_DATA);
            w.refuse(ErrorCode.CONTRACT_NOT_STARTED, () -> submit("j1", "c-draft"));
            revoke("c2");
            w.refuse(ErrorCode.INVALID_STATE, () -> submit("j1", "c1", "c2"));
            w.clock.advance(Duration.ofDays(30));
            w.refuse(ErrorCode.CONTRACT_EXPIRED, () -> submit("j1", "c1"));
            w.refuse(ErrorCode.NOT_FOUND, () -> submit("j1", "c-none"));
        }

        @Test
        void refusesACommitmentThePartiesDidNotSign() {
            LedgerException e = w.refuse(ErrorCode.HASH_MISMATCH, () -> s.tdc.ledger()
                    .submit(
                            Jobs.SUBMIT,
                            new SubmitJobRequest("j1", "tdc", List.of("c1"), OTHER_COMMITMENT, SPEC_URI, "tdc-out")));
            assertThat(e.getMessage()).contains(COMMITMENT);
            // Two contracts committing to different specs cannot share one job.
            activeWithModel("c3", OTHER_COMMITMENT, Scenario.COWIN_DATA);
            w.refuse(ErrorCode.HASH_MISMATCH, () -> submit("j1", "c1", "c3"));
        }

        @Test
        void refusesAContractWithoutACommitment() {
            LedgerException e = w.refuse(ErrorCode.MODEL_NOT_COMMITTED, () -> submit("j1", "c0"));
            assertThat(e.getMessage()).contains("c0");
            w.refuse(ErrorCode.MODEL_NOT_COMMITTED, () -> submit("j1", "c1", "c0"));
        }

        @Test
        void refusesContractsOfDifferentCcrProviders() {
            Party ccr2 = w.onboard("ccr2", Role.CCR_PROVIDER, "CcrMSP");
            s.propose(World.proposal("c4", "tdc", ccr2.id(), List.of(Scenario.COWIN_DATA), "1.5")
                    .withModelSpecCommitment(COMMITMENT));
            s.signAll("c4");
            w.activate(s.tdc, "c4");
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> submit("j1", "c1", "c4"));
        }

        @Test
        void refusesASecondJobOnAContractAJobHolds() {
            submit("j1", "c1");
            String before = budgets();
            LedgerException e = w.refuse(ErrorCode.CONTRACT_IN_USE, () -> submit("j2", "c1"));
            assertThat(e.getMessage()).contains("j1");
            w.refuse(ErrorCode.CONTRACT_IN_USE, () -> submit("j2", "c2", "c1"));
            assertThat(budgets()).isEqualTo(before);
            // Once the first is cancelled, the contract's reservation is free for another job.
            act(s.tdc, Jobs.CANCEL, "j1", "changed my mind");
            assertThat(submit("j2", "c2", "c1").status()).isEqualTo(JobStatus.SUBMITTED);
        }

        @Test
        void twoConcurrentJobsOnOneContractCannotBothCommit() {
            LedgerClient tdc = s.tdc.client();
            LedgerClient.EndorsedTransaction a = tdc.endorse(Jobs.SUBMIT.name(), json(request("ja", "c1")));
            LedgerClient.EndorsedTransaction b = tdc.endorse(Jobs.SUBMIT.name(), json(request("jb", "c1", "c2")));
            a.submit();
            LedgerException lost = refused(ErrorCode.MVCC_READ_CONFLICT, b::submit);
            assertThat(lost.stage()).isEqualTo(LedgerException.Stage.COMMIT);
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c1"))
                    .extracting(TrainingJob::jobId)
                    .containsExactly("ja");
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c2")).isEmpty();
        }

        @Test
        void refusesMalformedRequestsNamingTheField() {
            submit("j1", "c1");
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> submit("j1", "c2"));
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.tdc.ledger()
                                    .submit(
                                            Jobs.SUBMIT,
                                            new SubmitJobRequest(
                                                    "j3",
                                                    "tdc",
                                                    List.of("c2"),
                                                    COMMITMENT,
                                                    "http://tdc.example/spec",
                                                    "tdc-out")))
                            .getMessage())
                    .contains("'sealedSpecUri'");
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.tdc.ledger()
                                    .submit(
                                            Jobs.SUBMIT,
                                            new SubmitJobRequest(
                                                    "j3",
                                                    "tdc",
                                                    List.of("c2"),
                                                    COMMITMENT,
                                                    "https://user:secret@tdc.example/spec",
                                                    "tdc-out")))
                            .getMessage())
                    .contains("'sealedSpecUri'")
                    .doesNotContain("secret");
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> submit("j3", "c2", "c2"))
                            .getMessage())
                    .contains("'contractIds[1]'");
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> submit("j3"));
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.tdc.ledger()
                                    .submit(
                                            Jobs.SUBMIT,
                                            new SubmitJobRequest(
                                                    "j3", "tdc", List.of("c2"), "abc", SPEC_URI, "tdc-out")))
                            .getMessage())
                    .contains("'modelSpecCommitment'");
            w.refuse(ErrorCode.NOT_FOUND, () -> s.tdc.ledger()
                    .submit(
                            Jobs.SUBMIT,
                            new SubmitJobRequest("j3", "tdc", List.of("c2"), COMMITMENT, SPEC_URI, "no-key")));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> s.tdc.client()
                    .submit(Jobs.SUBMIT.name(), World.edit(json(request("j3", "c2")), "\"jobId\"", "\"job\"")));
        }
    }

    @Nested
    class Schedule {
        @Test
        void theCcrProviderSchedulesASubmittedJob() {
            submit("j1", "c1", "c2");
            TrainingJob j = act(s.ccr, Jobs.SCHEDULE, "j1", null);
            assertThat(j.status()).isEqualTo(JobStatus.SCHEDULED);
            assertThat(j.updatedBy()).isEqualTo("ccr");
            assertThat(w.lastEvent().type()).isEqualTo("JobScheduled");
            w.refuse(ErrorCode.INVALID_STATE, () -> act(s.ccr, Jobs.SCHEDULE, "j1", null));
        }

        @Test
        void refusesTheTdcAnotherProviderAndAHostileColleague() {
            submit("j1", "c1");
            w.refuse(ErrorCode.WRONG_ROLE, () -> act(s.tdc, Jobs.SCHEDULE, "j1", null));
            Party ccr2 = w.onboard("ccr2", Role.CCR_PROVIDER, "CcrMSP");
            w.refuse(ErrorCode.NOT_A_PARTY, () -> act(ccr2, Jobs.SCHEDULE, "j1", null));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(Jobs.SCHEDULE, new JobActionRequest("j1", "ccr", null)));
            w.refuse(ErrorCode.NOT_FOUND, () -> act(s.ccr, Jobs.SCHEDULE, "j-none", null));
            assertThat(job("j1").status()).isEqualTo(JobStatus.SUBMITTED);
        }

        @Test
        void refusesAJobWhoseContractWasRevokedOrExpired() {
            submit("j1", "c1", "c2");
            revoke("c2");
            w.refuse(ErrorCode.INVALID_STATE, () -> act(s.ccr, Jobs.SCHEDULE, "j1", null));
            act(s.tdc, Jobs.CANCEL, "j1", "c2 was revoked");
            submit("j2", "c1");
            w.clock.advance(Duration.ofDays(30));
            w.refuse(ErrorCode.CONTRACT_EXPIRED, () -> act(s.ccr, Jobs.SCHEDULE, "j2", null));
        }
    }

    @Nested
    class Start {
        @Test
        void theCcrProviderStartsAScheduledJob() {
            TrainingJob j = running("j1", "c1");
            assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(w.lastEvent().type()).isEqualTo("JobRunning");
        }

        @Test
        void refusesAJobNotScheduledTheTdcAndAHostileColleague() {
            submit("j1", "c1");
            w.refuse(ErrorCode.INVALID_STATE, () -> act(s.ccr, Jobs.START, "j1", null));
            act(s.ccr, Jobs.SCHEDULE, "j1", null);
            w.refuse(ErrorCode.WRONG_ROLE, () -> act(s.tdc, Jobs.START, "j1", null));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(Jobs.START, new JobActionRequest("j1", "ccr", null)));
            revoke("c1");
            w.refuse(ErrorCode.INVALID_STATE, () -> act(s.ccr, Jobs.START, "j1", null));
            assertThat(job("j1").status()).isEqualTo(JobStatus.SCHEDULED);
        }
    }

    @Nested
    class Cancel {
        @Test
        void theTdcCancelsBeforeTheJobRuns() {
            submit("j1", "c1");
            TrainingJob j = act(s.tdc, Jobs.CANCEL, "j1", null);
            assertThat(j.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(w.lastEvent().type()).isEqualTo("JobCancelled");
            submit("j2", "c1");
            act(s.ccr, Jobs.SCHEDULE, "j2", null);
            assertThat(act(s.tdc, Jobs.CANCEL, "j2", "not needed").reason()).isEqualTo("not needed");
            w.refuse(ErrorCode.INVALID_STATE, () -> act(s.tdc, Jobs.CANCEL, "j2", null));
            assertThat(s.contract("c1").status()).isEqualTo(ContractStatus.ACTIVE);
        }

        @Test
        void refusesCancellingARunningJob() {
            running("j1", "c1");
            LedgerException e = w.refuse(ErrorCode.INVALID_STATE, () -> act(s.tdc, Jobs.CANCEL, "j1", null));
            assertThat(e.getMessage()).contains("RUNNING");
            assertThat(job("j1").status()).isEqualTo(JobStatus.RUNNING);
        }

        @Test
        void refusesTheProviderAnotherTdcAndAHostileColleague() {
            submit("j1", "c1");
            w.refuse(ErrorCode.WRONG_ROLE, () -> act(s.ccr, Jobs.CANCEL, "j1", null));
            Party tdc2 = w.onboard("tdc2", Role.TDC, "ConsumerMSP");
            w.refuse(ErrorCode.NOT_A_PARTY, () -> act(tdc2, Jobs.CANCEL, "j1", null));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> tdcColleague.submit(Jobs.CANCEL, new JobActionRequest("j1", "tdc", null)));
            assertThat(job("j1").status()).isEqualTo(JobStatus.SUBMITTED);
        }
    }

    @Nested
    class Fail {
        @Test
        void theProviderFailsAJobWithAReasonAndItsContractsAreFreeAgain() {
            running("j1", "c1");
            TrainingJob j = act(s.ccr, Jobs.FAIL, "j1", "the clean room could not attest");
            assertThat(j.status()).isEqualTo(JobStatus.FAILED);
            assertThat(j.reason()).isEqualTo("the clean room could not attest");
            assertThat(w.lastEvent().type()).isEqualTo("JobFailed");
            assertThat(s.contract("c1").status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(submit("j2", "c1").status()).isEqualTo(JobStatus.SUBMITTED);
        }

        @Test
        void refusesNoReasonTheTdcAHostileColleagueAndAFinalJob() {
            submit("j1", "c1");
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> act(s.ccr, Jobs.FAIL, "j1", null))
                            .getMessage())
                    .contains("'reason'");
            w.refuse(ErrorCode.WRONG_ROLE, () -> act(s.tdc, Jobs.FAIL, "j1", "no"));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(Jobs.FAIL, new JobActionRequest("j1", "ccr", "x")));
            act(s.tdc, Jobs.CANCEL, "j1", null);
            w.refuse(ErrorCode.INVALID_STATE, () -> act(s.ccr, Jobs.FAIL, "j1", "late"));
        }
    }

    @Nested
    class Complete {
        @Test
        void aJobOverTwoContractsChargesBothBudgetsAndCompletesWithItsReceipts() {
            running("j1", "c1", "c2");
            assertThat(startJobRun("j1", "c1", "r1").jobId()).isEqualTo("j1");
            startJobRun("j1", "c2", "r2");
            receipt("j1", "c1", "r1", "1.2", COMMITMENT);
            receipt("j1", "c2", "r2", "1.4", COMMITMENT);
            assertThat(s.budget(Scenario.ICMR_DATA).spentEpsilon()).isEqualByComparingTo("1.2");
            assertThat(s.budget(Scenario.COWIN_DATA).spentEpsilon()).isEqualByComparingTo("1.4");
            // c0 (no commitment) still holds its own reservation of icmr-data.
            assertThat(s.budget(Scenario.ICMR_DATA).reservedEpsilon()).isEqualByComparingTo("1");
            assertThat(s.budget(Scenario.COWIN_DATA).reservedEpsilon()).isEqualByComparingTo("0");

            TrainingJob done =
                    s.ccr.ledger().submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r2", "r1")));
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(done.runIds()).containsExactly("r1", "r2");
            assertThat(w.lastEvent().type()).isEqualTo("JobCompleted");
            assertThat(s.contract("c1").status()).isEqualTo(ContractStatus.COMPLETED);
            assertThat(s.contract("c2").status()).isEqualTo(ContractStatus.COMPLETED);
            assertThat(w.sroLedger().evaluate(Runs.GET_RECEIPT, "r1").body().modelSpecCommitment())
                    .isEqualTo(COMMITMENT);
        }

        @Test
        void aSecondJobAgainstTheSameBudgetIsRefusedWithoutOverspending() {
            running("j1", "c1");
            w.refuse(ErrorCode.CONTRACT_IN_USE, () -> submit("j2", "c1"));
            startJobRun("j1", "c1", "r1");
            receipt("j1", "c1", "r1", "1.5", COMMITMENT);
            s.ccr.ledger().submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1")));
            String after = budgets();
            // The contract's reservation is spent: a second job finds the contract COMPLETED.
            w.refuse(ErrorCode.INVALID_STATE, () -> submit("j2", "c1"));
            assertThat(budgets()).isEqualTo(after);
            var icmr = s.budget(Scenario.ICMR_DATA);
            assertThat(icmr.spentEpsilon()).isEqualByComparingTo("1.5");
            assertThat(icmr.reservedEpsilon().add(icmr.spentEpsilon())).isLessThanOrEqualTo(icmr.totalEpsilon());
        }

        @Test
        void aRunUnderACommittedContractMustServeARunningJobOfThatContract() {
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.startRun("c1", "r0"))
                            .getMessage())
                    .contains("'jobId'");
            submit("j1", "c1");
            w.refuse(ErrorCode.INVALID_STATE, () -> startJobRun("j1", "c1", "r1"));
            act(s.ccr, Jobs.SCHEDULE, "j1", null);
            act(s.ccr, Jobs.START, "j1", null);
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> startJobRun("j1", "c2", "r1"));
            w.refuse(ErrorCode.NOT_FOUND, () -> startJobRun("j-none", "c1", "r1"));
            // A contract without a commitment runs as before, outside any job.
            assertThat(s.startRun("c0", "r-old").jobId()).isNull();
            assertThat(w.raw(Runs.GET.name(), "r-old")).doesNotContain("jobId");
        }

        @Test
        void aReceiptMustNameItsJobAndTheJobsCommitment() {
            running("j1", "c1");
            startJobRun("j1", "c1", "r1");
            s.releaseAll("c1", "r1");
            String before = budgets();
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.submit(s.receipt(s.body("c1", "r1", "1"))));
            w.refuse(
                    ErrorCode.HASH_MISMATCH,
                    () -> s.submit(s.receipt(s.body("c1", "r1", "1").forJob("j1", OTHER_COMMITMENT))));
            w.refuse(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> s.submit(s.receipt(s.body("c1", "r1", "1").forJob("j-other", COMMITMENT))));
            assertThat(budgets()).isEqualTo(before);
            // A run outside any job cannot claim one.
            s.startRun("c0", "r-old");
            s.releaseAll("c0", "r-old");
            w.refuse(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> s.submit(s.receipt(s.body("c0", "r-old", "1").forJob("j1", COMMITMENT))));
        }

        @Test
        void refusesMissingOpenOrForeignRunsAndTheWrongActor() {
            running("j1", "c1", "c2");
            startJobRun("j1", "c1", "r1");
            startJobRun("j1", "c2", "r2");
            receipt("j1", "c1", "r1", "1", COMMITMENT);
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.ccr.ledger()
                                    .submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1"))))
                            .getMessage())
                    .contains("c2");
            w.refuse(ErrorCode.RUN_NOT_ACTIVE, () -> s.ccr.ledger()
                    .submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1", "r2"))));
            s.startRun("c0", "r-old");
            s.releaseAll("c0", "r-old");
            s.submit(s.receipt(s.body("c0", "r-old", "1")));
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.ccr.ledger()
                    .submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1", "r-old"))));
            receipt("j1", "c2", "r2", "1", COMMITMENT);
            w.refuse(ErrorCode.WRONG_ROLE, () -> s.tdc.ledger()
                    .submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "tdc", List.of("r1", "r2"))));
            w.refuse(
                    ErrorCode.WRONG_CLIENT,
                    () -> ccrColleague.submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1", "r2"))));
            assertThat(job("j1").status()).isEqualTo(JobStatus.RUNNING);
            s.ccr.ledger().submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1", "r2")));
            w.refuse(ErrorCode.INVALID_STATE, () -> s.ccr.ledger()
                    .submit(Jobs.COMPLETE, new CompleteJobRequest("j1", "ccr", List.of("r1", "r2"))));
        }
    }

    @Nested
    class Queries {
        @Test
        void listsJobsByContractInIdOrder() {
            submit("j1", "c1");
            act(s.tdc, Jobs.CANCEL, "j1", null);
            submit("j0", "c1", "c2");
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c1"))
                    .extracting(TrainingJob::jobId)
                    .containsExactly("j0", "j1");
            assertThat(w.sroLedger().evaluate(Jobs.LIST_BY_CONTRACT, "c0")).isEmpty();
            w.refuse(ErrorCode.NOT_FOUND, () -> job("j-none"));
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> job("J?"));
        }
    }
}
