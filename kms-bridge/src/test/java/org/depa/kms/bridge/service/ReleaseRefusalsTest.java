package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.ReportSpec;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.kms.bridge.EmulatedCcr;
import org.depa.kms.bridge.TestWorld;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of the table that the attestation module's own tests do not cover, through the real
 * endpoint, on the embedded ledger, with emulated reports. Each asserts: the status and reason code in a problem
 * document, no key in the answer, no ledger commit, and an audit line.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ReleaseRefusalsTest extends BridgeTest {
    private static final EmulatedCcr CCR = EmulatedCcr.trusted();

    @Nested
    class Binding {
        @Test
        void reportDataBindingAnotherKeyIsRefused() {
            String run = startedRun();
            Challenge c = challenge(run);
            EphemeralKey reported = EphemeralKey.generate();
            EphemeralKey sent = EphemeralKey.generate();
            ReleaseRequest honest = CCR.request(run, Scenario.ICMR_DATA, c, reported);
            // The report binds one key; the request asks for the key to be wrapped to another.
            ReleaseRequest swapped = CCR.signed(new ReleaseRequest(
                    honest.runId(),
                    honest.datasetId(),
                    honest.nonce(),
                    honest.reportBase64(),
                    honest.certificateChainPem(),
                    sent.publicJwk().toJSONObject(),
                    null));

            Problem p = refused(swapped, 403, RefusalCode.REPORT_DATA_MISMATCH);

            assertThat(p.attestationReasons()).containsExactly("REPORT_DATA_MISMATCH");
        }

        @Test
        void reportDataBindingAnotherNonceIsRefused() {
            String run = startedRun();
            Challenge used = challenge(run);
            Challenge bound = challenge(run);
            EphemeralKey key = EphemeralKey.generate();
            ReleaseRequest forBound = CCR.request(run, Scenario.ICMR_DATA, bound, key);
            ReleaseRequest withOther = new ReleaseRequest(
                    run,
                    Scenario.ICMR_DATA,
                    used.nonce(),
                    forBound.reportBase64(),
                    forBound.certificateChainPem(),
                    forBound.recipientJwk(),
                    forBound.runKeySignature());

            refused(withOther, 403, RefusalCode.REPORT_DATA_MISMATCH);
        }

        @Test
        void reportDataBindingAnotherRunIsRefused() {
            String run = startedRun();
            String otherRun = startedRun();
            Challenge c = challenge(run);
            EphemeralKey key = EphemeralKey.generate();
            ReleaseRequest forOther = CCR.request(otherRun, Scenario.ICMR_DATA, c, key);
            ReleaseRequest asked = CCR.signed(new ReleaseRequest(
                    run,
                    Scenario.ICMR_DATA,
                    c.nonce(),
                    forOther.reportBase64(),
                    forOther.certificateChainPem(),
                    forOther.recipientJwk(),
                    null));

            refused(asked, 403, RefusalCode.REPORT_DATA_MISMATCH);
        }

        @Test
        void reportDataOfAPlainHashWithoutTheLabelIsRefused() throws Exception {
            String run = startedRun();
            Challenge c = challenge(run);
            EphemeralKey key = EphemeralKey.generate();
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-512");
            sha.update(c.nonceBytes());
            byte[] naive = sha.digest(key.publicJwk().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8));

            refused(
                    CCR.request(run, Scenario.ICMR_DATA, c, key, s -> s.reportData(naive)),
                    403,
                    RefusalCode.REPORT_DATA_MISMATCH);
        }
    }

    @Nested
    class Nonces {
        @Test
        void aNonceNeverIssuedIsRefused() {
            String run = startedRun();
            Challenge forged = new Challenge(
                    java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(TestWorld.random32()),
                    "2099-01-01T00:00:00Z");

            refused(
                    CCR.request(run, Scenario.ICMR_DATA, forged, EphemeralKey.generate()),
                    403,
                    RefusalCode.NONCE_UNKNOWN);
        }

        @Test
        void aReplayedNonceIsRefusedAfterARelease() {
            String run = startedRun();
            Challenge c = challenge(run);
            ReleaseRequest request = CCR.request(run, Scenario.ICMR_DATA, c, EphemeralKey.generate());
            assertThat(post(request).statusCode()).isEqualTo(200);

            refused(request, 403, RefusalCode.NONCE_REPLAYED);
        }

        @Test
        void aNonceIsSpentByARefusedRequestToo() {
            String run = startedRun();
            Challenge c = challenge(run);
            EphemeralKey key = EphemeralKey.generate();
            refused(CCR.request(run, Scenario.ICMR_DATA, c, key, s -> s.vmpl(1)), 403, RefusalCode.ATTESTATION_REFUSED);

            refused(CCR.request(run, Scenario.ICMR_DATA, c, key), 403, RefusalCode.NONCE_REPLAYED);
        }

        @Test
        void anExpiredNonceIsRefused() {
            String run = startedRun();
            Challenge c = challenge(run);
            ReleaseRequest request = CCR.request(run, Scenario.ICMR_DATA, c, EphemeralKey.generate());
            TestWorld.NONCE_CLOCK.advance(Duration.ofSeconds(31));
            try {
                refused(request, 403, RefusalCode.NONCE_EXPIRED);
            } finally {
                TestWorld.NONCE_CLOCK.advance(Duration.ofSeconds(-31));
            }
        }
    }

    /** Reports the emulated chip signs, each wrong in one policy respect. */
    static Stream<Arguments> refusedReports() {
        return Stream.of(
                Arguments.of(
                        "debug guest",
                        (UnaryOperator<ReportSpec.Builder>) s -> s.policy(0x30000L | (1L << 19)),
                        "DEBUG_ENABLED"),
                Arguments.of("VMPL 2", (UnaryOperator<ReportSpec.Builder>) s -> s.vmpl(2), "VMPL_MISMATCH"),
                Arguments.of(
                        "unknown measurement",
                        (UnaryOperator<ReportSpec.Builder>)
                                s -> s.measurement(HexFormat.of().parseHex(World.OTHER_MEASUREMENT)),
                        "MEASUREMENT_NOT_ALLOWED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedReports")
    void policyRefusals(String name, UnaryOperator<ReportSpec.Builder> edit, String reason) {
        String run = startedRun();

        Problem p = refused(
                CCR.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate(), edit),
                403,
                RefusalCode.ATTESTATION_REFUSED);

        assertThat(p.attestationReasons()).containsExactly(reason);
    }

    @Test
    void aChipUnderAnUntrustedRootIsRefused() {
        String run = startedRun();
        EmulatedCcr impostor = new EmulatedCcr(SnpEmulator.create(SnpProduct.MILAN));

        Problem p = refused(
                impostor.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate()),
                403,
                RefusalCode.ATTESTATION_REFUSED);

        assertThat(p.attestationReasons()).contains("UNKNOWN_ROOT");
    }

    @Test
    void aTruncatedReportIsRefused() {
        String run = startedRun();
        ReleaseRequest r = CCR.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate());
        byte[] report = java.util.Base64.getDecoder().decode(r.reportBase64());
        ReleaseRequest cut = CCR.signed(new ReleaseRequest(
                r.runId(),
                r.datasetId(),
                r.nonce(),
                java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(report, 1183)),
                r.certificateChainPem(),
                r.recipientJwk(),
                null));

        Problem p = refused(cut, 403, RefusalCode.ATTESTATION_REFUSED);

        assertThat(p.attestationReasons()).contains("WRONG_LENGTH");
    }

    @Nested
    class LedgerFacts {
        @Test
        void aRevokedMeasurementIsRefused() {
            String m = randomMeasurement();
            W.certify(m);
            String run = startedRun(List.of(m), m);
            W.sroLedger().submit(Measurements.REVOKE, new RevokeMeasurementRequest(m, "vulnerable image"));

            Problem p = refused(
                    CCR.request(
                            run,
                            Scenario.ICMR_DATA,
                            challenge(run),
                            EphemeralKey.generate(),
                            s -> s.measurement(HexFormat.of().parseHex(m))),
                    403,
                    RefusalCode.ATTESTATION_REFUSED);

            assertThat(p.attestationReasons()).containsExactly("MEASUREMENT_NOT_ALLOWED");
        }

        @Test
        void aReportOfAnotherAllowedMeasurementThanTheRunsIsRefusedByTheLedger() {
            String m = randomMeasurement();
            W.certify(m);
            String run = startedRun(List.of(World.MEASUREMENT, m), m);

            Problem p = refused(
                    CCR.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate()),
                    403,
                    RefusalCode.LEDGER_REFUSED);

            assertThat(p.ledgerCode()).isEqualTo("MEASUREMENT_NOT_ALLOWED");
        }

        @Test
        void aRevokedContractIsRefused() {
            String run = startedRun();
            String contractId = S.run(run).contractId();
            S.icmr.ledger()
                    .submit(Contracts.REVOKE, new ContractActionRequest(contractId, "icmr", "consent withdrawn"));

            Problem p = refused(
                    CCR.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate()),
                    403,
                    RefusalCode.LEDGER_REFUSED);

            assertThat(p.ledgerCode()).isEqualTo("INVALID_STATE");
            assertThat(p.detail()).contains("REVOKED");
        }

        @Test
        void anExpiredContractIsRefused() {
            String run = startedRun();
            Challenge c = challenge(run);
            W.clock.advance(Duration.ofDays(31));
            try {
                Problem p = refused(
                        CCR.request(run, Scenario.ICMR_DATA, c, EphemeralKey.generate()),
                        403,
                        RefusalCode.LEDGER_REFUSED);

                assertThat(p.ledgerCode()).isEqualTo("CONTRACT_EXPIRED");
            } finally {
                W.clock.set(World.START);
            }
        }

        @Test
        void aDatasetTheContractDoesNotNameIsRefused() throws Exception {
            String extra = TestWorld.next("icmr-extra");
            W.registerDataset(S.icmr, extra, "10");
            TestWorld.KEYS.importKey(extra + "-key", TestWorld.random32());
            String run = startedRun();

            Problem p = refused(
                    CCR.request(run, extra, challenge(run), EphemeralKey.generate()), 403, RefusalCode.LEDGER_REFUSED);

            assertThat(p.ledgerCode()).isEqualTo("DATASET_NOT_IN_CONTRACT");
        }

        @Test
        void anotherTdpsDatasetIsRefused() {
            String run = startedRun();

            Problem p = refused(
                    CCR.request(run, Scenario.COWIN_DATA, challenge(run), EphemeralKey.generate()),
                    403,
                    RefusalCode.NOT_RELEASABLE);

            assertThat(p.ledgerCode()).isEqualTo("NOT_A_PARTY");
        }

        @Test
        void aDatasetWithoutAKeyHereIsRefused() {
            String keyless = TestWorld.next("icmr-keyless");
            W.registerDataset(S.icmr, keyless, "10");
            String run = startedRun();

            refused(
                    CCR.request(run, keyless, challenge(run), EphemeralKey.generate()),
                    404,
                    RefusalCode.KEY_UNAVAILABLE);
        }

        @Test
        void aSuspendedTdpIsRefused() {
            String run = startedRun();
            W.suspend("icmr");
            try {
                Problem p = refused(
                        CCR.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate()),
                        403,
                        RefusalCode.LEDGER_REFUSED);

                assertThat(p.ledgerCode()).isEqualTo("PARTICIPANT_SUSPENDED");
            } finally {
                W.sroLedger().submit(Participants.VERIFY, new ParticipantStatusRequest("icmr", "reinstated"));
            }
        }

        @Test
        void aRunThatDoesNotExistGetsNoChallenge() {
            Problem p = challengeRefused("{\"runId\":\"r-never\"}", 403, RefusalCode.NOT_RELEASABLE);

            assertThat(p.ledgerCode()).isEqualTo("NOT_FOUND");
        }

        @Test
        void aFailedRunIsRefusedAndGetsNoMoreChallenges() {
            String run = startedRun();
            Challenge before = challenge(run);
            S.ccr.ledger().submit(Runs.FAIL, new FailRunRequest(run, S.ccr.id(), "crashed"));

            Problem p = refused(
                    CCR.request(run, Scenario.ICMR_DATA, before, EphemeralKey.generate()),
                    403,
                    RefusalCode.NOT_RELEASABLE);

            assertThat(p.ledgerCode()).isEqualTo("RUN_NOT_ACTIVE");
            Problem again = challengeRefused("{\"runId\":\"" + run + "\"}", 403, RefusalCode.NOT_RELEASABLE);
            assertThat(again.ledgerCode()).isEqualTo("RUN_NOT_ACTIVE");
        }

        @Test
        void aChallengeWithoutARunIsRefused() {
            challengeRefused("", 400, RefusalCode.MALFORMED_REQUEST);
            challengeRefused("{}", 400, RefusalCode.MALFORMED_REQUEST);
            challengeRefused("{\"runId\":\"BAD RUN\"}", 400, RefusalCode.MALFORMED_REQUEST);
        }
    }

    @Nested
    class Requests {
        @Test
        void aPrivateRecipientJwkIsRefused() {
            String run = startedRun();
            Challenge c = challenge(run);
            com.nimbusds.jose.jwk.ECKey priv = generateEc();
            ReleaseRequest honest = CCR.request(run, Scenario.ICMR_DATA, c, EphemeralKey.of(priv));
            ReleaseRequest leaked = new ReleaseRequest(
                    honest.runId(),
                    honest.datasetId(),
                    honest.nonce(),
                    honest.reportBase64(),
                    honest.certificateChainPem(),
                    priv.toJSONObject(),
                    honest.runKeySignature());

            refused(leaked, 400, RefusalCode.UNSUPPORTED_RECIPIENT_KEY);
        }

        @Test
        void malformedJsonIsRefused() {
            refused("{\"runId\":", 400, RefusalCode.MALFORMED_REQUEST);
            refused("{\"runId\":\"r\",\"unexpected\":1}", 400, RefusalCode.MALFORMED_REQUEST);
        }

        @Test
        void anInvalidRunIdIsRefused() {
            String run = startedRun();
            Challenge c = challenge(run);
            ReleaseRequest r = CCR.request("r-1", Scenario.ICMR_DATA, c, EphemeralKey.generate());
            Map<String, Object> json = new HashMap<>(Json.mapper()
                    .convertValue(r, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
            json.put("runId", "BAD RUN\nAUDIT forged");

            // The nonce was issued for another run: refused (and spent) before the run id is read.
            refused(Json.canonicalString(json), 403, RefusalCode.NONCE_UNKNOWN);
            assertThat(AUDIT.lines()).noneMatch(l -> l.contains("forged"));
        }

        @Test
        void anUnreadableChainIsRefused() {
            String run = startedRun();
            ReleaseRequest r = CCR.request(run, Scenario.ICMR_DATA, challenge(run), EphemeralKey.generate());
            ReleaseRequest bad = new ReleaseRequest(
                    r.runId(),
                    r.datasetId(),
                    r.nonce(),
                    r.reportBase64(),
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                    r.recipientJwk(),
                    r.runKeySignature());

            Problem p = refused(bad, 403, RefusalCode.ATTESTATION_REFUSED);

            assertThat(p.attestationReasons()).contains("MALFORMED_CERTIFICATE");
        }

        @Test
        void theBindingIsTheProtocolsOwn() {
            // Guards the test helper: an honest request does carry the protocol's binding.
            Challenge c = challenge(startedRun());
            EphemeralKey key = EphemeralKey.generate();
            ReleaseRequest r = CCR.request("r-x", Scenario.ICMR_DATA, c, key);
            byte[] report = java.util.Base64.getDecoder().decode(r.reportBase64());

            assertThat(java.util.Arrays.copyOfRange(report, 0x50, 0x90))
                    .isEqualTo(ReportDataBinding.reportData(c.nonceBytes(), key.publicJwk(), "r-x"));
        }
    }

    static com.nimbusds.jose.jwk.ECKey generateEc() {
        try {
            return new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
