package org.depa.ledger.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, part 3: a key release is recorded only for the chip and the run key that started the run. A TDP's
 * hostile or mistaken bridge cannot record a release to another chip under the same trusted root, one without the
 * run key's signature, or one with a signature that is not the run key's over this very release.
 */
class ChipBindingTest {
    private static final String ICMR = Scenario.ICMR_DATA;
    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        s.active("c1", "1.5", ICMR, Scenario.COWIN_DATA);
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private KeyReleaseRecord record(KeyReleaseRequest r) {
        return s.icmr.ledger().submit(Runs.RECORD_KEY_RELEASE, r);
    }

    private static KeyReleaseRequest withSignature(KeyReleaseRequest r, String signature) {
        return new KeyReleaseRequest(
                r.runId(),
                r.datasetId(),
                r.tdpId(),
                r.measurement(),
                r.reportSha256(),
                r.recipientKeySha256(),
                r.chipId(),
                r.reportedTcb(),
                signature);
    }

    @Test
    void theStartRecordsTheChipAndTcbAndTheReleaseCarriesThemAndTheProof() {
        TrainingRun run = s.startRun("c1", "r1");
        assertThat(run.chipId()).isEqualTo(World.CHIP_ID);
        assertThat(run.reportedTcb()).isEqualTo(World.REPORTED_TCB);
        KeyReleaseRequest r = s.releaseRequest(s.icmr, "r1", ICMR);
        KeyReleaseRecord k = record(r);
        assertThat(k.chipId()).isEqualTo(World.CHIP_ID);
        assertThat(k.reportedTcb()).isEqualTo(World.REPORTED_TCB);
        assertThat(k.runKeySignature()).isEqualTo(r.runKeySignature());
    }

    @Test
    void refusesAReleaseFromAnotherChipEvenSignedByTheRunKey() {
        s.startRun("c1", "r1");
        String detail = w.refuse(
                        ErrorCode.CHIP_MISMATCH,
                        () -> record(s.releaseRequest(s.icmr, "r1", ICMR, World.OTHER_CHIP_ID, s.runKey("r1"))))
                .getMessage();
        assertThat(detail).contains("c2c2c2", "not from chip c1c1c1", "'r1'");
        assertThat(s.icmr.ledger().evaluate(Runs.KEY_RELEASES, "r1")).isEmpty();
    }

    @Test
    void refusesAReleaseFromAnotherTcb() {
        s.startRun("c1", "r1");
        KeyReleaseRequest r = s.releaseRequest(s.icmr, "r1", ICMR);
        KeyReleaseRequest otherTcb = new KeyReleaseRequest(
                r.runId(),
                r.datasetId(),
                r.tdpId(),
                r.measurement(),
                r.reportSha256(),
                r.recipientKeySha256(),
                r.chipId(),
                "0300000000000874",
                r.runKeySignature());
        assertThat(w.refuse(ErrorCode.CHIP_MISMATCH, () -> record(otherTcb)).getMessage())
                .contains("REPORTED_TCB");
    }

    @Test
    void refusesAReleaseWithoutTheRunKeyProof() {
        s.startRun("c1", "r1");
        KeyReleaseRequest r = s.releaseRequest(s.icmr, "r1", ICMR);
        assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> record(withSignature(r, null)))
                        .getMessage())
                .contains("'runKeySignature'");
        w.refuse(ErrorCode.INVALID_ARGUMENT, () -> record(withSignature(r, "")));
        w.refuse(ErrorCode.INVALID_ARGUMENT, () -> record(withSignature(r, "not base64!")));
        assertThat(s.icmr.ledger().evaluate(Runs.KEY_RELEASES, "r1")).isEmpty();
    }

    @Test
    void refusesAProofByAnotherKeyOrOverAnotherRelease() {
        s.startRun("c1", "r1");
        // Signed by another key (the second chip's own fresh key), same chip id claimed.
        assertThat(w.refuse(
                                ErrorCode.INVALID_SIGNATURE,
                                () -> record(s.releaseRequest(s.icmr, "r1", ICMR, World.CHIP_ID, w.runKey("intruder"))))
                        .getMessage())
                .contains("runKeySignature");
        // The run key's genuine signature, but over another dataset's release: not transferable.
        KeyReleaseRequest forCowin = s.releaseRequest(s.cowin, "r1", Scenario.COWIN_DATA);
        KeyReleaseRequest mine = s.releaseRequest(s.icmr, "r1", ICMR);
        w.refuse(ErrorCode.INVALID_SIGNATURE, () -> record(withSignature(mine, forCowin.runKeySignature())));
        // ... or over another report or recipient key.
        byte[] otherReport = LocalSigner.fromPem(s.runKey("r1").privateKeyPem())
                .sign(SigningPayloads.keyRelease("r1", ICMR, "ab".repeat(32), mine.recipientKeySha256()));
        w.refuse(
                ErrorCode.INVALID_SIGNATURE,
                () -> record(withSignature(mine, Base64.getEncoder().encodeToString(otherReport))));
        assertThat(s.icmr.ledger().evaluate(Runs.KEY_RELEASES, "r1")).isEmpty();
    }

    @Test
    void aVlekRunHasNoChipIdentityAndIsBoundByTheRunKeyAndTcb() {
        w.startRun(s.ccr, "r1", "c1", s.runKey("r1"), World.NO_CHIP_ID);
        KeyReleaseRecord k = record(s.releaseRequest(s.icmr, "r1", ICMR, World.NO_CHIP_ID, s.runKey("r1")));
        assertThat(k.chipId()).isEqualTo(World.NO_CHIP_ID);
        // A VCEK chip does not pass for it, nor does a VLEK report without the run key.
        w.refuse(
                ErrorCode.CHIP_MISMATCH,
                () -> record(s.releaseRequest(s.icmr, "r1", ICMR, World.CHIP_ID, s.runKey("r1"))));
        w.refuse(
                ErrorCode.INVALID_SIGNATURE,
                () -> record(s.releaseRequest(s.icmr, "r1", ICMR, World.NO_CHIP_ID, w.runKey("intruder"))));
    }

    @Test
    void refusesAStartDeclaringAMalformedOrAnotherChipIdOrTcbThanTheVerifiedReport() {
        StartRunRequest honest =
                World.startRequest(s.ccr, "r1", "c1", s.runKey("r1"), World.CHIP_ID, World.REPORTED_TCB);
        assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> start(honest.declaring(null, "c1", null)))
                        .getMessage())
                .contains("'chipId'");
        assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> start(honest.declaring(null, null, "0300")))
                        .getMessage())
                .contains("'reportedTcb'");
        assertThat(w.refuse(
                                ErrorCode.ATTESTATION_MISMATCH,
                                () -> start(honest.declaring(null, World.OTHER_CHIP_ID, null)))
                        .getMessage())
                .contains("chipId");
        assertThat(w.refuse(
                                ErrorCode.ATTESTATION_MISMATCH,
                                () -> start(honest.declaring(null, null, "0400000000000873")))
                        .getMessage())
                .contains("reportedTcb");
        TrainingRun run = start(honest.declaring(World.MEASUREMENT, World.CHIP_ID, World.REPORTED_TCB));
        assertThat(run.chipId()).isEqualTo(World.CHIP_ID);
        assertThat(run.reportedTcb()).isEqualTo(World.REPORTED_TCB);
    }

    private TrainingRun start(StartRunRequest r) {
        return s.ccr.ledger().submit(Runs.START, r);
    }
}
