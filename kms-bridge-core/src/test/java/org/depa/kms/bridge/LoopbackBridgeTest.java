package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRefusedException;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleasedKey;
import org.depa.ledger.model.Json;
import org.depa.ledger.testing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loopback server of the embedded quick start: the Quarkus service's paths, strict JSON and problem+json
 * refusals over the JDK's HTTP server, reached by the protocol's own client as the clean-room agent reaches it.
 * The refusal table itself runs through the Quarkus endpoint in kms-bridge; both servers hand the same
 * {@link KeyReleaseService} the request.
 */
class LoopbackBridgeTest {
    private static final Scenario S = TestWorld.SCENARIO;
    private static final EmulatedCcr CCR = EmulatedCcr.trusted();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LoopbackBridge bridge;

    @BeforeEach
    void start() throws IOException {
        SnpVerifier verifier = SnpVerifier.create(
                VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, EmulatedCcr.CHIP.ark()));
        KeyReleaseService service = new KeyReleaseService(
                S.icmr.client(),
                "icmr",
                verifier,
                VerificationPolicy.defaults(),
                NonceStore.create(Clock.systemUTC(), Duration.ofSeconds(60), 100),
                TestWorld.KEYS,
                true);
        bridge = LoopbackBridge.start(service);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void anAttestedCleanRoomGetsTheKeyAndTheLedgerRecordsIt() throws Exception {
        String contractId = TestWorld.next("loopback-c");
        S.active(contractId, "0.1");
        String run = TestWorld.next("loopback-r");
        S.startRun(contractId, run);
        KeyReleaseClient client = KeyReleaseClient.create();
        EphemeralKey key = EphemeralKey.generate();
        long height = S.w.ledger.height();

        ReleasedKey released = client.release(
                bridge.uri(), CCR.request(run, Scenario.ICMR_DATA, client.challenge(bridge.uri()), key), key);

        assertThat(released.datasetKey()).isEqualTo(TestWorld.ICMR_KEY);
        assertThat(released.record().runId()).isEqualTo(run);
        assertThat(released.record().tdpId()).isEqualTo("icmr");
        assertThat(S.w.ledger.height()).as("the release is recorded once").isEqualTo(height + 1);
    }

    @Test
    void theServicesRefusalReachesTheClientWithItsCodes() throws Exception {
        KeyReleaseClient client = KeyReleaseClient.create();
        EphemeralKey key = EphemeralKey.generate();
        ReleaseRequest request =
                CCR.request("r-never-started", Scenario.ICMR_DATA, client.challenge(bridge.uri()), key);
        long height = S.w.ledger.height();

        assertThatThrownBy(() -> client.release(bridge.uri(), request, key))
                .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(RefusalCode.NOT_RELEASABLE);
                    assertThat(e.problem().status()).isEqualTo(403);
                    assertThat(e.problem().ledgerCode()).isEqualTo("NOT_FOUND");
                });
        assertThat(S.w.ledger.height()).as("a refusal commits nothing").isEqualTo(height);
    }

    @Test
    void aChallengeIsFreshAndNotCached() throws Exception {
        HttpResponse<String> first = post(KmsPaths.CHALLENGE, "");
        HttpResponse<String> second = post(KmsPaths.CHALLENGE, "");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        Challenge a = Json.read(first.body(), Challenge.class);
        Challenge b = Json.read(second.body(), Challenge.class);
        assertThat(a.nonceBytes()).hasSize(32);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
    }

    @Test
    void malformedJsonIsAProblemDocument() throws Exception {
        for (String body : new String[] {"{\"runId\":", "{\"runId\":\"r\",\"unexpected\":1}"}) {
            HttpResponse<String> r = post(KmsPaths.RELEASE, body);

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(KmsPaths.PROBLEM_JSON);
            Problem p = Json.read(r.body(), Problem.class);
            assertThat(p.reasonCode()).isEqualTo(RefusalCode.MALFORMED_REQUEST);
            assertThat(p.status()).isEqualTo(400);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeParsing() throws Exception {
        HttpResponse<String> r = post(KmsPaths.RELEASE, "x".repeat(64 * 1024 + 1));

        assertThat(r.statusCode()).isEqualTo(413);
        Problem p = Json.read(r.body(), Problem.class);
        assertThat(p.reasonCode()).isEqualTo(RefusalCode.MALFORMED_REQUEST);
        assertThat(p.detail()).contains("over 65536 bytes");
    }

    @Test
    void onlyPostIsServed() throws Exception {
        for (String path : new String[] {KmsPaths.CHALLENGE, KmsPaths.RELEASE}) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(bridge.uri().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(path).isEqualTo(405);
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(bridge.uri().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
