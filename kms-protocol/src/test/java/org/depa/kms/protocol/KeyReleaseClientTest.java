package org.depa.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted bridge on loopback: each stage's typed exception. The real bridge is exercised in
 * kms-bridge's EndToEndTest; here the answers are ones a faulty or hostile bridge could give.
 */
class KeyReleaseClientTest {
    private static final byte[] REPORT = new byte[1184];
    private HttpServer server;
    private URI base;
    private final AtomicReference<Answer> challengeAnswer = new AtomicReference<>();
    private final AtomicReference<Answer> releaseAnswer = new AtomicReference<>();
    private final KeyReleaseClient client = KeyReleaseClient.create();

    record Answer(int status, String contentType, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/" + KmsPaths.CHALLENGE, ex -> reply(ex, challengeAnswer.get()));
        server.createContext("/" + KmsPaths.RELEASE, ex -> reply(ex, releaseAnswer.get()));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort()); // no trailing slash on purpose
        challengeAnswer.set(new Answer(
                200,
                "application/json",
                Json.canonicalString(new Challenge(
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]),
                        "2099-01-01T00:00:00Z"))));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, Answer a) throws IOException {
        ex.getRequestBody().readAllBytes();
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        ex.sendResponseHeaders(a.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static KeyReleaseRecord record(String run, String dataset, EphemeralKey key, String tx) {
        return new KeyReleaseRecord(
                run,
                dataset,
                "c-1",
                "icmr",
                "a".repeat(96),
                "b".repeat(64),
                ReportDataBinding.recipientKeySha256(key.publicJwk()),
                "c".repeat(128),
                "d".repeat(16),
                "c2ln",
                "2026-03-01T00:00:00Z",
                tx);
    }

    private ReleaseRequest request(EphemeralKey key) throws ChallengeException {
        return ReleaseRequest.of(
                "run-1", "icmr-data", client.challenge(base, "run-1"), REPORT, "pem", key, payload -> new byte[] {1});
    }

    @Nested
    class ChallengeStage {
        @Test
        void aServerErrorIsAChallengeException() {
            challengeAnswer.set(new Answer(500, "text/plain", "boom"));

            assertThatThrownBy(() -> client.challenge(base, "run-1"))
                    .isInstanceOf(ChallengeException.class)
                    .hasMessageContaining("500");
        }

        @Test
        void anUnreadableChallengeIsAChallengeException() {
            challengeAnswer.set(new Answer(200, "application/json", "{\"nonce\":\"***\",\"expiresAt\":\"x\"}"));

            assertThatThrownBy(() -> client.challenge(base, "run-1")).isInstanceOf(ChallengeException.class);
        }

        @Test
        void anUnreachableBridgeIsAChallengeException() {
            server.stop(0);

            assertThatThrownBy(() -> client.challenge(base, "run-1"))
                    .isInstanceOf(ChallengeException.class)
                    .hasMessageContaining("unreachable");
        }
    }

    @Nested
    class ReleaseStage {
        @Test
        void aProblemDocumentIsARefusalWithTheBridgesCode() throws Exception {
            EphemeralKey key = EphemeralKey.generate();
            releaseAnswer.set(new Answer(
                    403,
                    KmsPaths.PROBLEM_JSON,
                    Json.canonicalString(
                            Problem.of(403, RefusalCode.LEDGER_REFUSED, "no").withLedgerCode("CONTRACT_EXPIRED"))));

            ReleaseRequest r = request(key);
            assertThatThrownBy(() -> client.release(base, r, key))
                    .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                        assertThat(e.reasonCode()).isEqualTo(RefusalCode.LEDGER_REFUSED);
                        assertThat(e.problem().ledgerCode()).isEqualTo("CONTRACT_EXPIRED");
                    });
        }

        @Test
        void anErrorWithoutAProblemIsATransportFailure() throws Exception {
            EphemeralKey key = EphemeralKey.generate();
            releaseAnswer.set(new Answer(502, "text/html", "<html>bad gateway</html>"));

            ReleaseRequest r = request(key);
            assertThatThrownBy(() -> client.release(base, r, key)).isInstanceOf(ReleaseTransportException.class);
        }

        @Test
        void aKeyForAnotherDatasetIsAnUnwrapFailure() throws Exception {
            EphemeralKey key = EphemeralKey.generate();
            String jwe = ReleaseJwe.seal(
                    key.publicJwk(),
                    new SecretKeySpec(random32(), "AES"),
                    new ReleaseClaims("cowin-data", "run-1", "cowin-data-key"));
            releaseAnswer.set(new Answer(
                    200,
                    "application/json",
                    Json.canonicalString(new ReleaseResponse(jwe, "tx-1", record("run-1", "icmr-data", key, "tx-1")))));

            ReleaseRequest r = request(key);
            assertThatThrownBy(() -> client.release(base, r, key))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("cowin-data");
        }

        @Test
        void aLedgerRecordForAnotherRecipientIsAnUnwrapFailure() throws Exception {
            EphemeralKey key = EphemeralKey.generate();
            String jwe = ReleaseJwe.seal(
                    key.publicJwk(),
                    new SecretKeySpec(random32(), "AES"),
                    new ReleaseClaims("icmr-data", "run-1", "icmr-data-key"));
            releaseAnswer.set(new Answer(
                    200,
                    "application/json",
                    Json.canonicalString(new ReleaseResponse(
                            jwe, "tx-1", record("run-1", "icmr-data", EphemeralKey.generate(), "tx-1")))));

            ReleaseRequest r = request(key);
            assertThatThrownBy(() -> client.release(base, r, key))
                    .isInstanceOf(KeyUnwrapException.class)
                    .hasMessageContaining("ledger record");
        }

        @Test
        void aWellFormedReleaseYieldsTheKey() throws Exception {
            EphemeralKey key = EphemeralKey.generate();
            byte[] datasetKey = random32();
            String jwe = ReleaseJwe.seal(
                    key.publicJwk(),
                    new SecretKeySpec(datasetKey, "AES"),
                    new ReleaseClaims("icmr-data", "run-1", "icmr-data-key"));
            releaseAnswer.set(new Answer(
                    200,
                    "application/json",
                    Json.canonicalString(new ReleaseResponse(jwe, "tx-1", record("run-1", "icmr-data", key, "tx-1")))));

            ReleasedKey released = client.release(base, request(key), key);

            assertThat(released.datasetKey()).isEqualTo(datasetKey);
            assertThat(released.keyId()).isEqualTo("icmr-data-key");
            assertThat(released.toString())
                    .doesNotContain(java.util.HexFormat.of().formatHex(datasetKey));
            released.destroy();
            assertThatThrownBy(released::datasetKey).isInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * Fail closed: the default client asks an https bridge only at a pinned address; an unpinned one is refused before
     * any connection (a server listening there never hears of it), naming the address and the fix. A client over the
     * caller's own HttpClient uses that client's trust (here: it connects, and the plain server fails the handshake).
     */
    @Test
    void theDefaultClientRefusesAnUnpinnedHttpsBridgeBeforeConnecting() throws Exception {
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        listening.accept().close();
                        accepted.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            URI unpinned = URI.create("https://127.0.0.1:" + listening.getLocalPort() + "/");

            assertThatThrownBy(() -> client.challenge(unpinned, "run-1"))
                    .isInstanceOf(ChallengeException.class)
                    .hasMessageContaining(unpinned.toString())
                    .hasMessageContaining("pins no server certificate")
                    .hasMessageContaining(BridgeAddress.CERTIFICATE);
            EphemeralKey key = EphemeralKey.generate();
            ReleaseRequest r = request(key);
            assertThatThrownBy(() -> client.release(unpinned, r, key))
                    .isInstanceOf(ReleaseTransportException.class)
                    .hasMessageContaining("pins no server certificate");
            assertThat(accepted.get()).as("no connection made").isZero();

            KeyReleaseClient own =
                    KeyReleaseClient.create(java.net.http.HttpClient.newHttpClient(), java.time.Duration.ofSeconds(5));
            assertThatThrownBy(() -> own.challenge(unpinned, "run-1"))
                    .isInstanceOf(ChallengeException.class)
                    .message()
                    .doesNotContain("pins no server certificate");
            for (int i = 0; i < 50 && accepted.get() == 0; i++) {
                Thread.sleep(20);
            }
            assertThat(accepted.get()).as("the caller's own client connected").isPositive();
        }
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
