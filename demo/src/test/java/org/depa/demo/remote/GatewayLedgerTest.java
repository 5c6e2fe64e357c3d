package org.depa.demo.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway connection against a scripted HTTPS server: what it sends for a write and a query,
 * and what each kind of answer becomes (the ledger's result, its refusal, the gateway's own).
 */
class GatewayLedgerTest {
    @TempDir
    Path dir;

    private record Exchange(String method, String target, String body) {}

    private record Answer(int status, String contentType, String body) {}

    private final List<Exchange> seen = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final AtomicInteger committed = new AtomicInteger();
    private HttpsServer server;
    private DemoPki pki;
    private DemoPki.Client tdp;

    @BeforeEach
    void startServer() throws Exception {
        pki = new DemoPki(dir.resolve("pki"));
        tdp = pki.client("tdp", SignatureAlgorithm.ECDSA_P256_SHA256);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(pki.server())));
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aWriteIsPostedToItsRouteWithTheRequestAsBodyAndCountsAsCommitted() {
        script.add(new Answer(200, "application/json", "{\"id\":\"icmr\"}"));
        byte[] result = ledger(uri())
                .submit(
                        Participants.VERIFY.name(),
                        Participants.VERIFY.encode(new ParticipantStatusRequest("icmr", "checked")));
        assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"icmr\"}");
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("POST");
            assertThat(e.target()).isEqualTo("/v1/participants/icmr/verify");
            assertThat(Json.tree(e.body()).get("participantId").asText()).isEqualTo("icmr");
        });
        assertThat(committed).hasValue(1);
    }

    @Test
    void aQueryIsAGetAndCommitsNothing() {
        script.add(new Answer(200, "application/json", "{}"));
        ledger(uri()).evaluate(Runs.GET.name(), Runs.GET.encode("run 1"));
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("GET");
            assertThat(e.target()).isEqualTo("/v1/runs/run%201");
            assertThat(e.body()).isEmpty();
        });
        assertThat(committed).hasValue(0);
    }

    @Test
    void aLedgerRefusalArrivesAsTheLedgersExceptionWithItsCodeAndTransaction() {
        script.add(problem(409, "ALREADY_EXISTS", "dataset 'd1' is already registered", "\"tx-9\""));
        assertThatThrownBy(() -> ledger(uri()).submit(Datasets.REGISTER.name(), "{\"id\":\"d1\"}"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.stage()).isEqualTo(LedgerException.Stage.ENDORSE);
                    assertThat(e.txId()).isEqualTo("tx-9");
                    assertThat(e.getMessage()).contains("already registered");
                });
        script.add(problem(404, "NOT_FOUND", "run 'r' does not exist", "null"));
        assertThatThrownBy(() -> ledger(uri()).evaluate(Runs.GET.name(), "r"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.stage()).isEqualTo(LedgerException.Stage.EVALUATE);
                });
        assertThat(committed).hasValue(0);
    }

    @Test
    void theGatewaysOwnRefusalIsNoLedgerVerdict() {
        script.add(problem(403, "NOT_YOUR_IDENTITY", "field 'ownerId' must name the caller", "null"));
        assertThatThrownBy(() -> ledger(uri()).submit(Datasets.REGISTER.name(), "{\"ownerId\":\"x\"}"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo("NOT_YOUR_IDENTITY"));
    }

    @Test
    void aLedgerOrGatewayOutOfReachIsTheLedgerUnavailable() throws IOException {
        script.add(problem(503, "LEDGER_UNAVAILABLE", "the ledger cannot be reached", "null"));
        assertThatThrownBy(() -> ledger(uri()).evaluate(Runs.GET.name(), "r"))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.stage()).isEqualTo(LedgerException.Stage.UNAVAILABLE));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(
                        () -> ledger(URI.create("https://127.0.0.1:" + closed)).evaluate(Runs.GET.name(), "r"))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.stage()).isEqualTo(LedgerException.Stage.UNAVAILABLE));
    }

    @Test
    void whatTheGatewayDoesNotOfferIsRefusedBeforeAnyCall() {
        LedgerClient ledger = ledger(uri());
        assertThatThrownBy(() -> ledger.submit("datasets:update", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.evaluate(Participants.VERIFY.name(), "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.endorse(Participants.VERIFY.name(), "{}"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void serverSentEventsArriveAsLedgerEvents() {
        script.add(
                new Answer(
                        200,
                        "text/event-stream",
                        "id: 5\nevent: ParticipantRegistered\ndata: {\"type\":\"ParticipantRegistered\",\"txId\":\"t5\"}\n\n"
                                + ": keep-alive\n\n"
                                + "id: 6\nevent: ParticipantVerified\ndata: {\"type\":\"ParticipantVerified\",\"txId\":\"t6\"}\n\n"));
        List<LedgerEventRecord> events = new ArrayList<>();
        try (LedgerClient.EventStream stream = ledger(uri()).events(5)) {
            stream.forEachRemaining(events::add);
        }
        assertThat(seen).singleElement().satisfies(e -> assertThat(e.target()).isEqualTo("/v1/events?from=5"));
        assertThat(events)
                .extracting(LedgerEventRecord::blockNumber, LedgerEventRecord::name, LedgerEventRecord::txId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5L, "ParticipantRegistered", "t5"),
                        org.assertj.core.groups.Tuple.tuple(6L, "ParticipantVerified", "t6"));
    }

    private static Answer problem(int status, String code, String detail, String txIdJson) {
        return new Answer(
                status,
                "application/problem+json",
                "{\"code\":\"" + code + "\",\"detail\":\"" + detail + "\",\"status\":" + status + ",\"txId\":"
                        + txIdJson + "}");
    }

    private URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    private LedgerClient ledger(URI base) {
        GatewayClient client =
                GatewayClient.connect(base, ClientIdentity.fromPkcs12(tdp.keyStore(), DemoPki.PASSWORD), pki.caFile());
        return new GatewayLedger(
                client,
                new LedgerIdentity("ProviderMSP", tdp.credentials().certificatePem()),
                committed::incrementAndGet);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(new Exchange(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : "?" + exchange.getRequestURI().getRawQuery()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer a = script.isEmpty() ? new Answer(500, "text/plain", "unscripted request") : script.remove();
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", a.contentType());
        exchange.sendResponseHeaders(a.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The server side of TLS, from the demo CA's server certificate and key files. */
    private static SSLContext tls(Path[] certAndKey) throws Exception {
        Certificate cert;
        try (var in = Files.newInputStream(certAndKey[0])) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey key;
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(certAndKey[1])))) {
            key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
        char[] password = "server".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, password, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
