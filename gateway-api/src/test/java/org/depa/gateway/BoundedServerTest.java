package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.depa.gateway.Api.Member;
import org.depa.gateway.api.EventStreams;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.Pkcs12;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's bounded-server findings: event streams that are abandoned, idle or too many; and the HTTP layer's
 * refusals (413, 414, a huge pageSize, invalid UTF-8) as problem+json with a stable code. Abandoned streams are
 * raw TLS sockets closed without a word, as a crashed client leaves them.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class BoundedServerTest {
    static Member tdp;

    @Inject
    EventStreams streams;

    @BeforeAll
    static void cast() {
        tdp = Api.onboard("bs-tdp", Role.TDP, "ProviderMSP");
    }

    static MalformedRequestTest.Problem problem(Response r) {
        return MalformedRequestTest.problem(r);
    }

    @Test
    void aHugePageSizeIs400NamingPageSizeNot404() {
        for (String bad : new String[] {"99999999999", "abc", "0", "201", "-1"}) {
            for (String path : new String[] {"/v1/datasets", "/v1/measurements", "/v1/participants"}) {
                var p = problem(tdp.spec().get(path + "?pageSize=" + bad));
                assertThat(p.status()).as(path + " " + bad).isEqualTo(400);
                assertThat(p.code()).isEqualTo("INVALID_PARAMETER");
                assertThat(p.detail()).contains("pageSize");
            }
        }
        assertThat(tdp.spec().get("/v1/datasets?pageSize=200").statusCode()).isEqualTo(200);
        var from = problem(tdp.spec().accept("text/event-stream").get("/v1/events?from=99999999999999999999"));
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.detail()).contains("'from'");
        var limit = problem(tdp.spec().accept("text/event-stream").get("/v1/events?limit=x"));
        assertThat(limit.detail()).contains("'limit'");
    }

    @Test
    void aBodyOverTheLimitIs413ProblemJson() {
        String big = "{\"contractId\":\"" + "a".repeat(400 * 1024) + "\"}";
        var p = problem(Api.json(tdp.spec(), big).post("/v1/contracts"));
        assertThat(p.status()).isEqualTo(413);
        assertThat(p.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(p.detail()).contains("307200");
    }

    @Test
    void aUriOverTheLimitIs414ProblemJson() {
        var p = problem(tdp.spec().get("/v1/datasets/" + "a".repeat(10_000)));
        assertThat(p.status()).isEqualTo(414);
        assertThat(p.code()).isEqualTo("URI_TOO_LONG");
        var q = problem(tdp.spec().get("/v1/datasets?bookmark=" + "b".repeat(20_000)));
        assertThat(q.status()).isEqualTo(414);
    }

    @Test
    void invalidUtf8InABodyIsRefusedNamingTheEncodingAndNothingIsStored() {
        byte[] body = ("{\"datasetId\":\"bs-data\",\"ownerId\":\"bs-tdp\",\"description\":\"caf\u00e9\"}")
                .getBytes(StandardCharsets.ISO_8859_1); // a lone 0xE9: not UTF-8
        var p = problem(tdp.spec().contentType(ContentType.JSON).body(body).post("/v1/datasets"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.code()).isEqualTo("INVALID_ENCODING");
        assertThat(p.detail()).contains("UTF-8");
        assertThat(tdp.spec().get("/v1/datasets/bs-data").statusCode()).isEqualTo(404);

        var latin = problem(tdp.spec()
                .contentType("application/json; charset=ISO-8859-1")
                .body("{}".getBytes(StandardCharsets.ISO_8859_1))
                .post("/v1/datasets"));
        assertThat(latin.code()).isEqualTo("INVALID_ENCODING");
    }

    @Test
    void abandonedStreamsAreDetectedAndReleasedAndTheCapIsAProblem() throws Exception {
        long threadsBefore = eventThreads();
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < TestPki.MAX_STREAMS; i++) {
                sockets.add(openStream());
            }
            assertThat(streams.open()).isEqualTo(TestPki.MAX_STREAMS);

            var refused = problem(tdp.spec().accept("text/event-stream").get("/v1/events?from=999999"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("TOO_MANY_STREAMS");
        } finally {
            for (SSLSocket s : sockets) {
                s.close(); // abandoned: no goodbye, the server only learns it by writing
            }
        }

        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((streams.open() > 0 || busyPumps() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(streams.open()).as("every abandoned stream released").isZero();
        assertThat(busyPumps()).as("no pump thread parked on the ledger").isZero();
        assertThat(eventThreads())
                .as("threads bounded by the pool, before: %d", threadsBefore)
                .isLessThanOrEqualTo(TestPki.MAX_STREAMS + 1);

        SSLSocket again = openStream();
        again.close();
    }

    @Test
    void anIdleStreamIsClosedAfterItsLimitWithHeartbeatsMeanwhile() throws Exception {
        try (SSLSocket s = openStream()) {
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            long start = System.nanoTime();
            try {
                int b;
                while ((b = in.read()) != -1) {
                    seen.write(b);
                    if (seen.toString(StandardCharsets.UTF_8).endsWith("0\r\n\r\n")) {
                        break; // the chunked stream's end
                    }
                }
            } catch (SocketException e) {
                // closed by the server
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the idle stream was not closed: " + seen, e);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(seconds).as("closed after the 6 s idle limit").isBetween(4L, 12L);
            assertThat(seen.toString(StandardCharsets.UTF_8)).contains(":heartbeat");
        }
    }

    /** A raw TLS connection with the TDP's certificate that opens an event stream past the ledger's end. */
    private static SSLSocket openStream() throws Exception {
        URI base = URI.create(Api.base());
        SSLSocket s = (SSLSocket) sslContext().getSocketFactory().createSocket(base.getHost(), base.getPort());
        OutputStream out = s.getOutputStream();
        out.write(("GET /v1/events?from=999999 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("closed before the headers: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        return s;
    }

    private static SSLContext sslContext() throws Exception {
        char[] password = Pkcs12.testPassword();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Api.pki().resolve("bs-tdp.p12"))) {
            keys.load(in, password);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Api.pki().resolve("trust.p12"))) {
            trust.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static long eventThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("depa-event-stream"))
                .count();
    }

    /** Pump threads inside a stream (not idle in the pool). */
    private static long busyPumps() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("depa-event-stream"))
                .filter(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getMethodName().equals("pump")))
                .count();
    }
}
