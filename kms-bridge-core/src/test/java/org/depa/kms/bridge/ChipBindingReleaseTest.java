package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.attestation.emulator.VcekSpec;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleaseResponse;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, part 3, at the bridge: a dataset key goes only to the chip and the run key that started the run. A second
 * chip under the same trusted root running the certified image (its report verifies), a request without the run key's
 * signature, and one with a signature that is not the run key's over this request are each refused before anything
 * is recorded. The chaincode's own re-check is tested in ledger-client ({@code ChipBindingTest}).
 */
class ChipBindingReleaseTest {
    private static final Scenario S = TestWorld.SCENARIO;
    private static final String SOURCE = "10.1.1.1";
    /** Another chip (another hwID and VCEK) under the same ARK and ASK as {@link EmulatedCcr#CHIP}, same TCB. */
    private static final SnpEmulator SECOND_CHIP = EmulatedCcr.CHIP.withVcek(VcekSpec.builder(
                    SnpProduct.MILAN, randomHwId(), EmulatedCcr.CHIP.vcekSpec().tcb())
            .build());

    private KeyReleaseService service;
    private String run;

    private static byte[] randomHwId() {
        byte[] id = new byte[SnpProduct.MILAN.hwIdLength()];
        new SecureRandom().nextBytes(id);
        return id;
    }

    @BeforeEach
    void setUp() {
        service = new KeyReleaseService(
                S.icmr.client(),
                "icmr",
                SnpVerifier.create(
                        VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, EmulatedCcr.CHIP.ark())),
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                TestWorld.KEYS,
                true);
        String contractId = TestWorld.next("chip-c");
        S.active(contractId, "0.1");
        run = TestWorld.next("chip-r");
        S.startRun(contractId, run);
    }

    private Challenge challenge() throws RefusalException {
        return service.challenge(new ChallengeRequest(run), SOURCE);
    }

    private void refused(ReleaseRequest request, RefusalCode code, String detail) {
        long height = S.w.ledger.height();
        assertThatThrownBy(() -> service.release(request)).isInstanceOfSatisfying(RefusalException.class, e -> {
            assertThat(e.problem().reasonCode()).isEqualTo(code);
            assertThat(e.problem().status()).isEqualTo(403);
            assertThat(e.problem().detail()).contains(detail);
        });
        assertThat(S.w.ledger.height()).as("a refusal records nothing").isEqualTo(height);
        assertThat(S.icmr.ledger().evaluate(Runs.KEY_RELEASES, run)).isEmpty();
    }

    private static ReleaseRequest withSignature(ReleaseRequest r, String signature) {
        return new ReleaseRequest(
                r.runId(),
                r.datasetId(),
                r.nonce(),
                r.reportBase64(),
                r.certificateChainPem(),
                r.recipientJwk(),
                signature);
    }

    @Test
    void theChipThatStartedTheRunWithTheRunKeyGetsTheKeyAndTheRecordNamesTheChip() throws Exception {
        ReleaseRequest request =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        ReleaseResponse response = service.release(request);
        assertThat(response.record().chipId()).isEqualTo(EmulatedCcr.chipIdHex(EmulatedCcr.CHIP));
        assertThat(response.record().reportedTcb()).isEqualTo(EmulatedCcr.tcbHex(EmulatedCcr.CHIP));
        assertThat(response.record().runKeySignature()).isEqualTo(request.runKeySignature());
    }

    @Test
    void aSecondChipUnderTheSameRootIsRefusedEvenWithTheRunKey() throws Exception {
        // The strongest form: the second chip's request carries the run key's genuine signature.
        ReleaseRequest request =
                new EmulatedCcr(SECOND_CHIP).request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        refused(request, RefusalCode.CHIP_MISMATCH, "that started run '" + run + "'");
    }

    @Test
    void aSecondChipWithoutTheRunKeyIsRefused() throws Exception {
        // What a second host running the certified image really has: its own key, not the run's.
        EmulatedCcr second = new EmulatedCcr(SECOND_CHIP, runId -> EmulatedCcr.signer(World.runKey()));
        refused(
                second.request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate()),
                RefusalCode.RUN_KEY_PROOF_INVALID,
                "runKeySignature");
    }

    @Test
    void aReleaseWithoutTheRunKeyProofIsRefused() throws Exception {
        ReleaseRequest honest =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        refused(withSignature(honest, null), RefusalCode.RUN_KEY_PROOF_INVALID, "runKeySignature is missing");
        ReleaseRequest again =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        refused(withSignature(again, "not base64!"), RefusalCode.RUN_KEY_PROOF_INVALID, "not base64");
    }

    @Test
    void aReleaseWithAWrongProofIsRefused() throws Exception {
        // Signed by another key on the right chip.
        EmulatedCcr otherKey = new EmulatedCcr(EmulatedCcr.CHIP, runId -> EmulatedCcr.signer(World.runKey()));
        refused(
                otherKey.request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate()),
                RefusalCode.RUN_KEY_PROOF_INVALID,
                "signature");
        // The run key's genuine signature from an earlier request: it names another report and recipient key.
        ReleaseRequest earlier =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        ReleaseRequest later =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        refused(withSignature(later, earlier.runKeySignature()), RefusalCode.RUN_KEY_PROOF_INVALID, "signature");
        // Garbage of the right encoding.
        ReleaseRequest third =
                EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge(), EphemeralKey.generate());
        refused(
                withSignature(third, Base64.getEncoder().encodeToString(new byte[72])),
                RefusalCode.RUN_KEY_PROOF_INVALID,
                "signature");
    }
}
