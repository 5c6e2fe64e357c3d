package org.depa.kms.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;

/**
 * The bridge's endpoints (challenge, dataset key release, sealed-spec key release) over the JDK's HTTP server on loopback, for the embedded quick start:
 * there the ledger lives inside the caller's process, so the bridge must too. Same paths, same
 * strict JSON, same problem+json refusals as the Quarkus service (kms-bridge's ReleaseResource); the
 * clean room talks to it with the same {@code KeyReleaseClient}. Production runs the Quarkus
 * service.
 *
 * <p>Bounded: {@value #THREADS} handler threads, bodies up to {@value #MAX_BODY} bytes, strict UTF-8, and a
 * request (headers and body) that has not fully arrived within {@value #REQUEST_SECONDS} s is dropped by the JDK
 * server's request timer ({@code sun.net.httpserver.maxReqTime}, set here unless already set), so slow or
 * unfinished uploads cannot hold the threads that answer challenges.
 */
public final class LoopbackBridge implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;
    static final int THREADS = 8;
    static final int REQUEST_SECONDS = 5;

    static {
        // Read once, when the JDK's server implementation is first loaded in this process.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        }
    }

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final KeyReleaseService service;

    private LoopbackBridge(HttpServer server, ExecutorService executor, KeyReleaseService service) {
        this.server = server;
        this.executor = executor;
        this.service = service;
    }

    /** Serves {@code service} on 127.0.0.1 at an ephemeral port. */
    public static LoopbackBridge start(KeyReleaseService service) throws IOException {
        Objects.requireNonNull(service, "service");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        int n = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "depa-kms-loopback-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, factory);
        LoopbackBridge bridge = new LoopbackBridge(server, executor, service);
        server.createContext("/", bridge::route);
        server.setExecutor(executor);
        server.start();
        return bridge;
    }

    /** The base URI to register as the dataset's kmsEndpoint. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void route(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            boolean challenge = path.equals("/" + KmsPaths.CHALLENGE);
            boolean spec = path.equals("/" + KmsPaths.SPEC_RELEASE);
            if (!challenge && !spec && !path.equals("/" + KmsPaths.RELEASE)) {
                problem(
                        x,
                        Problem.of(
                                404,
                                RefusalCode.NOT_FOUND,
                                "no such endpoint; the bridge serves POST /" + KmsPaths.CHALLENGE + ", POST /"
                                        + KmsPaths.RELEASE + " and POST /" + KmsPaths.SPEC_RELEASE));
                return;
            }
            if (!x.getRequestMethod().equals("POST")) {
                problem(x, Problem.of(405, RefusalCode.METHOD_NOT_ALLOWED, "only POST is served here"));
                return;
            }
            String body;
            try {
                body = body(x);
            } catch (RefusalException e) {
                service.auditRefusal(e.problem().reasonCode(), e.problem().detail());
                problem(x, e.problem());
                return;
            }
            try {
                String answer = challenge
                        ? Json.canonicalString(service.challengeJson(body, source(x)))
                        : spec
                                ? Json.canonicalString(service.specKeys().releaseJson(body))
                                : Json.canonicalString(service.releaseJson(body));
                send(x, 200, "application/json", answer);
            } catch (RefusalException e) {
                problem(x, e.problem());
            }
        }
    }

    /** The body, at most MAX_BODY bytes of strict UTF-8. */
    private static String body(HttpExchange x) throws IOException, RefusalException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw RefusalException.of(RefusalCode.REQUEST_TOO_LARGE, "request body over " + MAX_BODY + " bytes");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, "the request body is not valid UTF-8");
        }
    }

    private static String source(HttpExchange x) {
        InetSocketAddress remote = x.getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }

    private static void problem(HttpExchange x, Problem p) throws IOException {
        send(x, p.status(), KmsPaths.PROBLEM_JSON, Json.canonicalString(p));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
