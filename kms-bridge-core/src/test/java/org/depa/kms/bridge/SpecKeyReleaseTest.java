package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.SealedSpec;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRefusedException;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleasedSpecKey;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.kms.protocol.SpecReleaseRequest;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the TDC's own bridge releases the key of its sealed model spec to an attested run of its job, exactly as
 * a TDP's bridge releases a dataset key, and records it (runs:recordSpecKeyRelease). Tried to break: a TDP's bridge
 * asked for the spec key, a run of another job of the same TDC, a job whose commitment has no key here (another
 * spec), a dataset request's signature presented for the spec, an untrusted (development) root, a second use of the
 * nonce. Each refused with nothing recorded.
 */
class SpecKeyReleaseTest {
    private static final Scenario S = TestWorld.SCENARIO;
    private static final String SOURCE = "10.2.2.2";
    private static final byte[] BUNDLE =
            "{\"salt\":\"00\",\"spec\":{\"hiddenLayers\":[4]}}".getBytes(StandardCharsets.UTF_8);

    private final byte[] salt = TestWorld.random32();
    private final String commitment = ModelSpecCommitments.commit(
            salt, "{\"epochs\":" + TestWorld.next("e").length() + "}");
    private DatasetKeyStore tdcKeys;
    private DatasetKey specKey;
    private String job;
    private String run;

    @BeforeEach
    void setUp() throws Exception {
        tdcKeys = DatasetKeyStore.pkcs12(
                Files.createTempDirectory("tdc-bridge").resolve("tdc.p12"), "test-only".toCharArray());
        specKey = DatasetKey.generate();
        tdcKeys.importKey(SealedSpec.keyId(commitment), specKey.bytes());
        job = TestWorld.next("job");
        run = TestWorld.next("spec-r");
        startJobRun(job, run, commitment);
    }

    /** A RUNNING job of the scenario's TDC over a new contract committing to {@code c}, and a started run of it. */
    private static void startJobRun(String jobId, String runId, String c) {
        String contractId = TestWorld.next("spec-c");
        S.propose(S.proposal(contractId, "0.1").withModelSpecCommitment(c));
        S.signAll(contractId);
        S.w.activate(S.tdc, contractId);
        String keyId = TestWorld.next("out");
        S.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest(keyId, "tdc", SelfSigned.publicKeyPem(KeyType.EC_P256)));
        S.tdc.ledger()
                .submit(Jobs.SUBMIT, new SubmitJobRequest(jobId, "tdc", List.of(contractId), c, "file:/s", keyId));
        S.ccr.ledger().submit(Jobs.SCHEDULE, new JobActionRequest(jobId, "ccr", null));
        S.ccr.ledger().submit(Jobs.START, new JobActionRequest(jobId, "ccr", null));
        S.ccr.ledger()
                .submit(
                        Runs.START,
                        World.startRequest(
                                        S.ccr,
                                        runId,
                                        contractId,
                                        S.runKey(runId),
                                        EmulatedCcr.chipIdHex(EmulatedCcr.CHIP),
                                        EmulatedCcr.tcbHex(EmulatedCcr.CHIP))
                                .forJob(jobId));
    }

    private KeyReleaseService bridge(LedgerClient client, String party, DatasetKeyStore keys, boolean devRoot) {
        VerifierOptions options = devRoot
                ? VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, EmulatedCcr.CHIP.ark())
                : VerifierOptions.defaults();
        return new KeyReleaseService(
                client,
                party,
                SnpVerifier.create(options),
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                keys,
                devRoot);
    }

    private KeyReleaseService tdcBridge() {
        return bridge(S.tdc.client(), "tdc", tdcKeys, true);
    }

    /** The honest clean room's spec request for {@code jobId} in {@code runId} answering {@code bridge}'s nonce. */
    private static SpecReleaseRequest request(KeyReleaseService bridge, String runId, String jobId, EphemeralKey key)
            throws RefusalException {
        Challenge c = bridge.challenge(new ChallengeRequest(runId), SOURCE);
        ReleaseRequest asDataset = EmulatedCcr.trusted().request(runId, jobId, c, key);
        byte[] report = Base64.getDecoder().decode(asDataset.reportBase64());
        byte[] payload = SpecReleaseRequest.signedPayload(
                runId, jobId, report, ReportDataBinding.recipientKeySha256(key.publicJwk()));
        return new SpecReleaseRequest(
                runId,
                jobId,
                c.nonce(),
                asDataset.reportBase64(),
                asDataset.certificateChainPem(),
                asDataset.recipientJwk(),
                Base64.getEncoder()
                        .encodeToString(EmulatedCcr.signer(S.runKey(runId)).sign(payload)));
    }

    private void refused(KeyReleaseService bridge, SpecReleaseRequest request, RefusalCode code, String detail) {
        long height = S.w.ledger.height();
        assertThatThrownBy(() -> bridge.specKeys().release(request))
                .isInstanceOfSatisfying(RefusalException.class, e -> {
                    assertThat(e.problem().reasonCode()).isEqualTo(code);
                    assertThat(e.problem().detail()).contains(detail);
                });
        assertThat(S.w.ledger.height()).as("a refusal records nothing").isEqualTo(height);
        assertThat(S.tdc.ledger().evaluate(Runs.SPEC_KEY_RELEASES, request.runId()))
                .isEmpty();
    }

    @Test
    void theTdcsBridgeReleasesTheSpecKeyOverHttpToTheJobsRunAndTheLedgerRecordsIt() throws Exception {
        byte[] sealed =
                SealedSpec.seal(BUNDLE, specKey, new SealedSpec.Header("tdc", commitment, URI.create("http://x/")));
        KeyReleaseService tdc = tdcBridge();
        try (LoopbackBridge http = LoopbackBridge.start(tdc)) {
            KeyReleaseClient client = KeyReleaseClient.create();
            EphemeralKey key = EphemeralKey.generate();
            Challenge c = client.challenge(http.uri(), run);
            ReleaseRequest asDataset = EmulatedCcr.trusted().request(run, job, c, key);
            byte[] report = Base64.getDecoder().decode(asDataset.reportBase64());
            SpecReleaseRequest request = SpecReleaseRequest.of(
                    run, job, c, report, asDataset.certificateChainPem(), key, EmulatedCcr.signer(S.runKey(run)));
            ReleasedSpecKey released = client.releaseSpec(http.uri(), request, key);
            assertThat(SealedSpec.open(SealedSpec.read(sealed), DatasetKey.of(released.specKey())))
                    .isEqualTo(BUNDLE);
            assertThat(released.record().jobId()).isEqualTo(job);
            assertThat(released.record().tdcId()).isEqualTo("tdc");
            assertThat(released.record().modelSpecCommitment()).isEqualTo(commitment);
            assertThat(released.record().reportSha256()).isEqualTo(Hashes.sha256Hex(report));
            assertThat(S.icmr.ledger().evaluate(Runs.SPEC_KEY_RELEASES, run)).containsExactly(released.record());
            // The nonce was spent: the same request again is refused.
            assertThatThrownBy(() -> client.releaseSpec(http.uri(), request, key))
                    .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> assertThat(e.reasonCode())
                            .isEqualTo(RefusalCode.NONCE_REPLAYED));
        }
    }

    @Test
    void aTdpsBridgeCannotReleaseTheSpecKeyEvenHoldingIt() throws Exception {
        // The strongest form: icmr's bridge somehow holds the spec key under the right key id.
        KeyReleaseService icmr = bridge(S.icmr.client(), "icmr", tdcKeys, true);
        refused(icmr, request(icmr, run, job, EphemeralKey.generate()), RefusalCode.NOT_RELEASABLE, "not a job of");
    }

    @Test
    void aTdcBridgeActingUnderAnotherIdentityIsRefusedByTheLedger() throws Exception {
        // A bridge configured as the TDC but running under icmr's ledger identity: the chaincode refuses the record.
        KeyReleaseService impostor = bridge(S.icmr.client(), "tdc", tdcKeys, true);
        refused(
                impostor,
                request(impostor, run, job, EphemeralKey.generate()),
                RefusalCode.LEDGER_REFUSED,
                "belongs to");
    }

    @Test
    void aRunOfAnotherJobIsRefused() throws Exception {
        String otherJob = TestWorld.next("job");
        String otherRun = TestWorld.next("spec-r");
        startJobRun(otherJob, otherRun, commitment);
        KeyReleaseService tdc = tdcBridge();
        refused(
                tdc,
                request(tdc, otherRun, job, EphemeralKey.generate()),
                RefusalCode.NOT_RELEASABLE,
                "does not serve");
    }

    @Test
    void aJobWithAnotherCommitmentFindsNoKey() throws Exception {
        String otherJob = TestWorld.next("job");
        String otherRun = TestWorld.next("spec-r");
        startJobRun(otherJob, otherRun, ModelSpecCommitments.commit(salt, "{\"other\":1}"));
        KeyReleaseService tdc = tdcBridge();
        refused(
                tdc,
                request(tdc, otherRun, otherJob, EphemeralKey.generate()),
                RefusalCode.KEY_UNAVAILABLE,
                "model spec");
    }

    @Test
    void aDatasetRequestsSignatureDoesNotCountForTheSpec() throws Exception {
        KeyReleaseService tdc = tdcBridge();
        SpecReleaseRequest honest = request(tdc, run, job, EphemeralKey.generate());
        ReleaseRequest dataset = EmulatedCcr.trusted()
                .signed(new ReleaseRequest(
                        run,
                        job,
                        honest.nonce(),
                        honest.reportBase64(),
                        honest.certificateChainPem(),
                        honest.recipientJwk(),
                        null));
        SpecReleaseRequest forged = new SpecReleaseRequest(
                run,
                job,
                honest.nonce(),
                honest.reportBase64(),
                honest.certificateChainPem(),
                honest.recipientJwk(),
                dataset.runKeySignature());
        refused(tdc, forged, RefusalCode.RUN_KEY_PROOF_INVALID, "runKeySignature");
    }

    @Test
    void aBridgeThatDoesNotTrustTheDevelopmentRootRefusesTheEmulatedRun() throws Exception {
        KeyReleaseService production = bridge(S.tdc.client(), "tdc", tdcKeys, false);
        refused(
                production,
                request(production, run, job, EphemeralKey.generate()),
                RefusalCode.ATTESTATION_REFUSED,
                "refused");
    }
}
