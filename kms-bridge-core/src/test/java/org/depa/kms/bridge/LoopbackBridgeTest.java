package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeException;
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
                bridge.uri(), CCR.request(run, Scenario.ICMR_DATA, client.challenge(bridge.uri(), run), key), key);

        assertThat(released.datasetKey()).isEqualTo(TestWorld.ICMR_KEY);
        assertThat(released.record().runId()).isEqualTo(run);
        assertThat(released.record().tdpId()).isEqualTo("icmr");
        assertThat(S.w.ledger.height()).as("the release is recorded once").isEqualTo(height + 1);
    }

    @Test
    void theServicesRefusalReachesTheClientWithItsCodes() throws Exception {
        String run = startedRun();
        KeyReleaseClient client = KeyReleaseClient.create();
        EphemeralKey key = EphemeralKey.generate();
        ReleaseRequest request = CCR.request(run, Scenario.COWIN_DATA, client.challenge(bridge.uri(), run), key);
        long height = S.w.ledger.height();

        assertThatThrownBy(() -> client.release(bridge.uri(), request, key))
                .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(RefusalCode.NOT_RELEASABLE);
                    assertThat(e.problem().status()).isEqualTo(403);
                    assertThat(e.problem().ledgerCode()).isEqualTo("NOT_A_PARTY");
                });
        assertThat(S.w.ledger.height()).as("a refusal commits nothing").isEqualTo(height);
    }

    @Test
    void aChallengeForARunNotStartedIsRefusedWithTheLedgersCode() throws Exception {
        HttpResponse<String> r = post(KmsPaths.CHALLENGE, "{\"runId\":\"r-never-started\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        Problem p = Json.read(r.body(), Problem.class);
        assertThat(p.reasonCode()).isEqualTo(RefusalCode.NOT_RELEASABLE);
        assertThat(p.ledgerCode()).isEqualTo("NOT_FOUND");
        assertThatThrownBy(() -> KeyReleaseClient.create().challenge(bridge.uri(), "r-never-started"))
                .isInstanceOf(ChallengeException.class)
                .hasMessageContaining("NOT_RELEASABLE");
        HttpResponse<String> none = post(KmsPaths.CHALLENGE, "");
        assertThat(none.statusCode()).as("a challenge names its run").isEqualTo(400);
    }

    @Test
    void aChallengeIsFreshAndNotCached() throws Exception {
        String run = "{\"runId\":\"" + startedRun() + "\"}";
        HttpResponse<String> first = post(KmsPaths.CHALLENGE, run);
        HttpResponse<String> second = post(KmsPaths.CHALLENGE, run);

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
        assertThat(p.reasonCode()).isEqualTo(RefusalCode.REQUEST_TOO_LARGE);
        assertThat(p.detail()).contains("over 65536 bytes");
    }

    @Test
    void onlyPostIsServedAndEveryRefusalIsAProblemDocument() throws Exception {
        for (String path : new String[] {KmsPaths.CHALLENGE, KmsPaths.RELEASE}) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(bridge.uri().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(Json.read(r.body(), Problem.class).reasonCode()).isEqualTo(RefusalCode.METHOD_NOT_ALLOWED);
        }
        for (String path : new String[] {"v1/key-release/challengeX", "v1/other", ""}) {
            HttpResponse<String> r = post(path, "{}");

            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(KmsPaths.PROBLEM_JSON);
            assertThat(Json.read(r.body(), Problem.class).reasonCode()).isEqualTo(RefusalCode.NOT_FOUND);
        }
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() throws Exception {
        byte[] body = "{\"runId\":\"r-\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1); // 0xFF alone: not UTF-8
        for (String path : new String[] {KmsPaths.CHALLENGE, KmsPaths.RELEASE}) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(bridge.uri().resolve(path))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(path).isEqualTo(400);
            Problem p = Json.read(r.body(), Problem.class);
            assertThat(p.reasonCode()).isEqualTo(RefusalCode.MALFORMED_REQUEST);
            assertThat(p.detail()).contains("UTF-8");
        }
    }

    @Test
    void twoUnfinishedUploadsDoNotStallChallenges() throws Exception {
        // The finding: two unfinished uploads held both handler threads and challenges waited 15 s.
        String run = "{\"runId\":\"" + startedRun() + "\"}";
        List<Socket> uploads = unfinishedUploads(2);
        try {
            long start = System.nanoTime();
            HttpResponse<String> c = post(KmsPaths.CHALLENGE, run);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(c.statusCode()).isEqualTo(200);
            assertThat(millis).as("a challenge behind two unfinished uploads").isLessThan(2_000);
        } finally {
            for (Socket s : uploads) {
                s.close();
            }
        }
    }

    @Test
    void unfinishedUploadsAreDroppedAndReleaseTheirThreads() throws Exception {
        String run = "{\"runId\":\"" + startedRun() + "\"}";
        List<Socket> uploads = unfinishedUploads(2 * LoopbackBridge.THREADS);
        try {
            assertThat(busyLoopbackThreads())
                    .as("the uploads hold every handler thread")
                    .isEqualTo(LoopbackBridge.THREADS);
            // The server drops each unfinished upload within the request time limit (plus the timer's tick).
            for (Socket s : uploads) {
                s.setSoTimeout((LoopbackBridge.REQUEST_SECONDS + 5) * 1000);
                assertThat(closedByPeer(s))
                        .as("connection closed by the bridge")
                        .isTrue();
            }
            Thread.sleep(200);
            assertThat(busyLoopbackThreads())
                    .as("no thread is left reading an upload")
                    .isZero();
            assertThat(post(KmsPaths.CHALLENGE, run).statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : uploads) {
                s.close();
            }
        }
    }

    /** Whether the other end closed (end of stream or reset) before the socket's read timeout. */
    private static boolean closedByPeer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset: the bridge closed with the upload unread
        }
    }

    /** Raw connections that send headers announcing 60,000 bytes and then a few bytes of body, and stop. */
    private List<Socket> unfinishedUploads(int n) throws Exception {
        List<Socket> uploads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), bridge.uri().getPort());
            OutputStream out = s.getOutputStream();
            out.write(("POST /" + KmsPaths.RELEASE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"runId\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            uploads.add(s);
        }
        Thread.sleep(500);
        return uploads;
    }

    /** Handler threads of the loopback servers that are inside a request (reading a body), not waiting for work. */
    private static long busyLoopbackThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("depa-kms-loopback-"))
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().equals(LoopbackBridge.class.getName())))
                .count();
    }

    private static String startedRun() {
        String contractId = TestWorld.next("loopback-c");
        S.active(contractId, "0.1");
        String run = TestWorld.next("loopback-r");
        S.startRun(contractId, run);
        return run;
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
