package org.depa.audit.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Status;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RunEvidence;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.ContractVersionRef;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.GenuineSnpFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-receipt over receipts an embedded ledger recorded (the chaincode verified each start
 * report and receipt signature), then over every way to doctor one: each fails with its check id.
 */
class ReceiptVerifierTest {
    private static final ReceiptVerifier.Trust EMULATOR =
            new ReceiptVerifier.Trust(true, List.of(CleanRooms.rootPin()));

    private static Scenario s;
    private static ReceiptEvidence honest;
    private static ReceiptEvidence other;

    @TempDir
    Path dir;

    @BeforeAll
    static void twoReceipts() {
        s = new Scenario(new World());
        s.active("c1", "1", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.complete("c1", "r1", "0.5");
        s.active("c2", "1");
        s.complete("c2", "r2", "0.25");
        honest = evidence("r1");
        other = evidence("r2");
    }

    @AfterAll
    static void close() {
        s.close();
    }

    static ReceiptEvidence evidence(String runId) {
        TrainingRun run = s.run(runId);
        TrainingReceipt receipt = s.w.sroLedger().evaluate(Runs.GET_RECEIPT, runId);
        ContractVersion version = s.w.sroLedger()
                .evaluate(Contracts.GET_VERSION, new ContractVersionRef(run.contractId(), run.contractVersion()));
        List<KeyReleaseRecord> releases = s.w.sroLedger().evaluate(Runs.KEY_RELEASES, runId);
        return ReceiptEvidence.of(s.w.domain().channel(), s.w.domain().chaincode(), receipt, run, version, releases);
    }

    static Map<String, CheckResult> verify(ReceiptEvidence e, ReceiptVerifier.Trust trust) {
        Map<String, CheckResult> results = new TreeMap<>();
        ReceiptVerifier.verify(e, trust, r -> assertThat(results.put(r.id(), r)).isNull());
        assertThat(results.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        ReceiptChecks.descriptions().keySet());
        return results;
    }

    static List<String> failed(Map<String, CheckResult> results) {
        return results.values().stream()
                .filter(r -> r.status() == Status.FAIL)
                .map(CheckResult::id)
                .toList();
    }

    @Test
    void anHonestReceiptPassesEveryCheckAndTheDevelopmentRootIsFlagged() {
        Map<String, CheckResult> r = verify(honest, EMULATOR);
        assertThat(r.values()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.PASS));
        assertThat(r.get(ReceiptChecks.ATTESTATION).details()).startsWith("FLAGGED: verified to a development root");
        assertThat(verify(other, EMULATOR).values())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.PASS));
    }

    /**
     * The committed fixture (cli's tests use it) is such a receipt, exported once: re-made with
     * {@code -Ddepa.receipt.fixture=src/test/resources/receipt-honest.json}. Its emulator root is
     * not CleanRooms' of this JVM, so it passes with any development root and fails with none.
     */
    @Test
    void theCommittedFixturePassesWithADevelopmentRootOnly() {
        String remake = System.getProperty("depa.receipt.fixture");
        if (remake != null) {
            honest.write(Path.of(remake));
        }
        ReceiptEvidence fixture = ReceiptEvidence.read(Path.of("src/test/resources/receipt-honest.json"));
        assertThat(verify(fixture, new ReceiptVerifier.Trust(true, List.of())).values())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.PASS));
        assertThat(failed(verify(fixture, ReceiptVerifier.Trust.AMD_ONLY))).containsExactly(ReceiptChecks.ATTESTATION);
    }

    @Test
    void theEvidenceSurvivesItsFileAndAnUnknownFieldOrMissingPartIsAnInputError() throws Exception {
        Path file = dir.resolve("r1.json");
        honest.write(file);
        assertThat(ReceiptEvidence.read(file)).isEqualTo(honest);
        Files.writeString(dir.resolve("extra.json"), Files.readString(file).replaceFirst("\\{", "{\"extra\": 1,"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> ReceiptEvidence.read(dir.resolve("extra.json"))))
                .isInstanceOf(ReceiptEvidenceException.class)
                .hasMessageContaining("extra");
        ReceiptEvidence noRun = new ReceiptEvidence(
                ReceiptEvidence.FORMAT, "c", "cc", honest.receipt(), null, honest.contract(), List.of());
        noRun.write(dir.resolve("norun.json"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> ReceiptEvidence.read(dir.resolve("norun.json"))))
                .isInstanceOf(ReceiptEvidenceException.class)
                .hasMessageContaining("field 'run' is missing");
    }

    @Test
    void aFlippedSignatureFailsTheSignatureCheckOnly() {
        byte[] sig = Base64.getDecoder().decode(honest.receipt().signature());
        sig[sig.length / 2] ^= 0x01;
        TrainingReceipt r = honest.receipt();
        ReceiptEvidence e = with(
                new TrainingReceipt(
                        r.body(),
                        Base64.getEncoder().encodeToString(sig),
                        r.contractVersion(),
                        r.submittedAt(),
                        r.txId()),
                honest.run(),
                honest.contract());
        assertThat(failed(verify(e, EMULATOR))).containsExactly(ReceiptChecks.SIGNATURE);
    }

    @Test
    void aReceiptSignedForAnotherChannelFailsTheSignatureCheck() {
        ReceiptEvidence e = new ReceiptEvidence(
                ReceiptEvidence.FORMAT,
                "other-channel",
                honest.chaincode(),
                honest.receipt(),
                honest.run(),
                honest.contract(),
                honest.keyReleases());
        assertThat(failed(verify(e, EMULATOR))).containsExactly(ReceiptChecks.SIGNATURE);
    }

    @Test
    void anotherRunKeyThatSignsTheReceiptFailsTheBinding() {
        // The attacker swaps in a key it holds and signs the receipt with it: the signature verifies,
        // but the start report binds the real run key.
        Credentials attacker = World.runKey();
        TrainingRun run = withKey(honest.run(), attacker.publicKeyPem());
        ReceiptEvidence e = with(signed(honest.receipt().body(), attacker), run, honest.contract());
        // The key releases were signed by the real run key, so they fail under the attacker's too.
        assertThat(failed(verify(e, EMULATOR)))
                .containsExactlyInAnyOrder(ReceiptChecks.RUN_KEY_BINDING, ReceiptChecks.KEY_RELEASES);
    }

    @Test
    void theReportOfAnotherRunFailsTheBinding() {
        // Run r2's genuine start evidence under run r1, every hash updated and the receipt re-signed
        // with r1's key: the report verifies, but its REPORT_DATA binds r2.
        TrainingRun r1 = honest.run();
        TrainingRun r2 = other.run();
        TrainingRun doctored = withEvidence(r1, r2.evidence(), r2.reportSha256());
        ReceiptBody b = honest.receipt().body();
        ReceiptBody body = new ReceiptBody(
                b.runId(), b.contractId(), b.modelSha256(), b.datasets(), b.metrics(), r2.reportSha256());
        ReceiptEvidence e = with(signed(body, s.runKey("r1")), doctored, honest.contract());
        assertThat(failed(verify(e, EMULATOR))).containsExactly(ReceiptChecks.RUN_KEY_BINDING);
    }

    @Test
    void anUntrustedRootFailsTheAttestation() {
        Map<String, CheckResult> amdOnly = verify(honest, ReceiptVerifier.Trust.AMD_ONLY);
        assertThat(failed(amdOnly)).containsExactly(ReceiptChecks.ATTESTATION);
        assertThat(amdOnly.get(ReceiptChecks.ATTESTATION).details()).contains("UNKNOWN_ROOT", "AMD's roots only");
        assertThat(amdOnly.get(ReceiptChecks.MEASUREMENT).status()).isEqualTo(Status.SKIP);
        // Development roots allowed, but pinned to another root than the emulator that signed.
        Map<String, CheckResult> otherPin = verify(honest, new ReceiptVerifier.Trust(true, List.of("ab".repeat(32))));
        assertThat(failed(otherPin)).containsExactly(ReceiptChecks.ATTESTATION);
        assertThat(otherPin.get(ReceiptChecks.ATTESTATION).details()).contains("UNKNOWN_ROOT");
    }

    @Test
    void aGenuineAmdReportVerifiesToAmdButDoesNotBindTheRun() throws Exception {
        byte[] report = Files.readAllBytes(GenuineSnpFixtures.file(GenuineSnpFixtures.MILAN_REPORT));
        X509Certificate vcek;
        try (var in = Files.newInputStream(GenuineSnpFixtures.file(GenuineSnpFixtures.MILAN_VCEK))) {
            vcek = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        RunEvidence genuine = new RunEvidence(
                Base64.getEncoder().encodeToString(report),
                CleanRooms.chainPem(List.of(vcek)),
                "Milan",
                "VCEK",
                RunEvidence.AMD_ROOT);
        String sha = Hashes.sha256Hex(report);
        ReceiptBody b = honest.receipt().body();
        ReceiptBody body = new ReceiptBody(b.runId(), b.contractId(), b.modelSha256(), b.datasets(), b.metrics(), sha);
        ReceiptEvidence e =
                with(signed(body, s.runKey("r1")), withEvidence(honest.run(), genuine, sha), honest.contract());
        Map<String, CheckResult> r = verify(e, ReceiptVerifier.Trust.AMD_ONLY);
        assertThat(r.get(ReceiptChecks.ATTESTATION).status()).isEqualTo(Status.PASS);
        assertThat(r.get(ReceiptChecks.ATTESTATION).details()).startsWith("verified to AMD's Milan VCEK");
        assertThat(failed(r)).contains(ReceiptChecks.RUN_KEY_BINDING).doesNotContain(ReceiptChecks.ATTESTATION);
    }

    @Test
    void aReportWithAFlippedByteFailsTheAttestationAndItsHash() {
        byte[] report = Base64.getDecoder().decode(honest.run().evidence().report());
        report[0x2A0 + 5] ^= 0x01; // inside the signature
        RunEvidence ev = honest.run().evidence();
        RunEvidence bad = new RunEvidence(
                Base64.getEncoder().encodeToString(report),
                ev.certificateChainPem(),
                ev.product(),
                ev.signingKey(),
                ev.root());
        ReceiptEvidence e = with(
                honest.receipt(), withEvidence(honest.run(), bad, honest.run().reportSha256()), honest.contract());
        Map<String, CheckResult> r = verify(e, EMULATOR);
        assertThat(failed(r)).containsExactlyInAnyOrder(ReceiptChecks.ATTESTATION, ReceiptChecks.RUN_KEY_BINDING);
        assertThat(r.get(ReceiptChecks.ATTESTATION).details()).contains("SIGNATURE_INVALID");
    }

    @Test
    void aContractWhoseTermsDoNotHashToItsDocumentHashFailsTheContractCheck() {
        ContractVersion c = honest.contract();
        ContractTerms t = c.terms();
        ContractTerms edited = new ContractTerms(
                t.contractId(),
                t.tdcId(),
                t.ccrProviderId(),
                "a purpose nobody signed",
                t.validFrom(),
                t.validUntil(),
                t.datasets(),
                t.allowedMeasurements(),
                t.payment(),
                t.revocation(),
                t.modelSpecCommitment());
        ReceiptEvidence e = with(
                honest.receipt(),
                honest.run(),
                new ContractVersion(c.contractId(), c.version(), c.documentSha256(), edited, c.proposedAt(), c.txId()));
        Map<String, CheckResult> r = verify(e, EMULATOR);
        assertThat(failed(r)).containsExactly(ReceiptChecks.CONTRACT_HASH);
        assertThat(r.get(ReceiptChecks.CONTRACT_HASH).details()).contains("but its terms hash to");
        // Another contract's genuine version under this receipt.
        assertThat(failed(verify(with(honest.receipt(), honest.run(), other.contract()), EMULATOR)))
                .contains(ReceiptChecks.CONTRACT_HASH, ReceiptChecks.CIPHERTEXT_HASHES);
    }

    @Test
    void aReceiptNamingAnotherCiphertextOrMissingADatasetFailsTheCiphertextCheck() {
        ReceiptBody b = honest.receipt().body();
        List<ReceiptDataset> used = new ArrayList<>(b.datasets());
        ReceiptDataset first = used.get(0);
        used.set(0, new ReceiptDataset(first.datasetId(), Hashes.sha256Hex("other data"), first.epsilonSpent()));
        ReceiptEvidence swapped = with(signed(body(b, used), s.runKey("r1")), honest.run(), honest.contract());
        Map<String, CheckResult> r = verify(swapped, EMULATOR);
        assertThat(failed(r)).containsExactly(ReceiptChecks.CIPHERTEXT_HASHES);
        assertThat(r.get(ReceiptChecks.CIPHERTEXT_HASHES).details()).contains(first.datasetId(), "the contract");
        ReceiptEvidence dropped = with(
                signed(body(b, b.datasets().subList(1, b.datasets().size())), s.runKey("r1")),
                honest.run(),
                honest.contract());
        assertThat(verify(dropped, EMULATOR)
                        .get(ReceiptChecks.CIPHERTEXT_HASHES)
                        .details())
                .contains("does not account for dataset");
        List<ReceiptDataset> over = new ArrayList<>(b.datasets());
        over.set(0, new ReceiptDataset(first.datasetId(), first.ciphertextSha256(), new BigDecimal("1.5")));
        assertThat(failed(
                        verify(with(signed(body(b, over), s.runKey("r1")), honest.run(), honest.contract()), EMULATOR)))
                .containsExactly(ReceiptChecks.CIPHERTEXT_HASHES);
    }

    @Test
    void aRunClaimingAnotherMeasurementThanItsReportFailsTheMeasurementCheck() {
        TrainingRun r = honest.run();
        TrainingRun claimed = new TrainingRun(
                r.runId(),
                r.contractId(),
                r.contractVersion(),
                r.ccrProviderId(),
                World.OTHER_MEASUREMENT,
                r.reportSha256(),
                r.runPublicKeyPem(),
                r.runKeyAlgorithm(),
                r.chipId(),
                r.reportedTcb(),
                r.status(),
                r.reason(),
                r.startedAt(),
                r.updatedAt(),
                r.updatedTx(),
                r.jobId(),
                r.evidence());
        assertThat(failed(verify(with(honest.receipt(), claimed, honest.contract()), EMULATOR)))
                .containsExactlyInAnyOrder(ReceiptChecks.MEASUREMENT, ReceiptChecks.KEY_RELEASES);
    }

    @Test
    void aMissingForgedOrForeignKeyReleaseFailsTheKeyReleaseCheck() {
        List<KeyReleaseRecord> all = honest.keyReleases();
        assertThat(all).hasSize(2);
        Map<String, CheckResult> dropped =
                verify(with(honest.receipt(), honest.run(), honest.contract(), all.subList(1, 2)), EMULATOR);
        assertThat(failed(dropped)).containsExactly(ReceiptChecks.KEY_RELEASES);
        assertThat(dropped.get(ReceiptChecks.KEY_RELEASES).details())
                .contains("no key of dataset " + all.get(0).datasetId());
        KeyReleaseRecord k = all.get(0);
        byte[] sig = Base64.getDecoder().decode(k.runKeySignature());
        sig[sig.length / 2] ^= 0x01;
        KeyReleaseRecord forged = new KeyReleaseRecord(
                k.runId(),
                k.datasetId(),
                k.contractId(),
                k.tdpId(),
                k.measurement(),
                k.reportSha256(),
                k.recipientKeySha256(),
                k.chipId(),
                k.reportedTcb(),
                Base64.getEncoder().encodeToString(sig),
                k.releasedAt(),
                k.txId());
        Map<String, CheckResult> bad =
                verify(with(honest.receipt(), honest.run(), honest.contract(), List.of(forged, all.get(1))), EMULATOR);
        assertThat(failed(bad)).containsExactly(ReceiptChecks.KEY_RELEASES);
        assertThat(bad.get(ReceiptChecks.KEY_RELEASES).details())
                .contains("signature over the request does not verify");
        KeyReleaseRecord otherChip = new KeyReleaseRecord(
                k.runId(),
                k.datasetId(),
                k.contractId(),
                k.tdpId(),
                k.measurement(),
                k.reportSha256(),
                k.recipientKeySha256(),
                World.OTHER_CHIP_ID,
                k.reportedTcb(),
                k.runKeySignature(),
                k.releasedAt(),
                k.txId());
        assertThat(failed(verify(
                        with(honest.receipt(), honest.run(), honest.contract(), List.of(otherChip, all.get(1))),
                        EMULATOR)))
                .containsExactly(ReceiptChecks.KEY_RELEASES);
        // r2's release (another run, another key) offered for r1.
        assertThat(verify(with(honest.receipt(), honest.run(), honest.contract(), other.keyReleases()), EMULATOR)
                        .get(ReceiptChecks.KEY_RELEASES)
                        .details())
                .contains("is for run r2");
    }

    private static ReceiptBody body(ReceiptBody b, List<ReceiptDataset> used) {
        return new ReceiptBody(
                b.runId(),
                b.contractId(),
                b.modelSha256(),
                used,
                b.metrics(),
                b.reportSha256(),
                b.jobId(),
                b.modelSpecCommitment());
    }

    private static ReceiptEvidence with(TrainingReceipt receipt, TrainingRun run, ContractVersion contract) {
        return with(receipt, run, contract, honest.keyReleases());
    }

    private static ReceiptEvidence with(
            TrainingReceipt receipt, TrainingRun run, ContractVersion contract, List<KeyReleaseRecord> releases) {
        return ReceiptEvidence.of(honest.channel(), honest.chaincode(), receipt, run, contract, releases);
    }

    private static TrainingReceipt signed(ReceiptBody body, Credentials key) {
        byte[] sig = LocalSigner.fromPem(key.privateKeyPem())
                .sign(SigningPayloads.receipt(new SigningPayloads.Domain(honest.channel(), honest.chaincode()), body));
        TrainingReceipt r = honest.receipt();
        return new TrainingReceipt(
                body, Base64.getEncoder().encodeToString(sig), r.contractVersion(), r.submittedAt(), r.txId());
    }

    private static TrainingRun withKey(TrainingRun r, String pem) {
        return new TrainingRun(
                r.runId(),
                r.contractId(),
                r.contractVersion(),
                r.ccrProviderId(),
                r.measurement(),
                r.reportSha256(),
                pem,
                r.runKeyAlgorithm(),
                r.chipId(),
                r.reportedTcb(),
                r.status(),
                r.reason(),
                r.startedAt(),
                r.updatedAt(),
                r.updatedTx(),
                r.jobId(),
                r.evidence());
    }

    private static TrainingRun withEvidence(TrainingRun r, RunEvidence evidence, String reportSha256) {
        return new TrainingRun(
                r.runId(),
                r.contractId(),
                r.contractVersion(),
                r.ccrProviderId(),
                r.measurement(),
                reportSha256,
                r.runPublicKeyPem(),
                r.runKeyAlgorithm(),
                r.chipId(),
                r.reportedTcb(),
                r.status(),
                r.reason(),
                r.startedAt(),
                r.updatedAt(),
                r.updatedTx(),
                r.jobId(),
                evidence);
    }
}
