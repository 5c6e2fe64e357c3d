package org.depa.kms.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Executors;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;

/**
 * The bridge's two endpoints over the JDK's HTTP server on loopback, for the embedded quick start:
 * there the ledger lives inside the caller's process, so the bridge must too. Same paths, same
 * strict JSON, same problem+json refusals as the Quarkus service (kms-bridge's ReleaseResource); the
 * clean room talks to it with the same {@code KeyReleaseClient}. Production runs the Quarkus
 * service.
 */
public final class LoopbackBridge implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final KeyReleaseService service;

    private LoopbackBridge(HttpServer server, KeyReleaseService service) {
        this.server = server;
        this.service = service;
    }

    /** Serves {@code service} on 127.0.0.1 at an ephemeral port. */
    public static LoopbackBridge start(KeyReleaseService service) throws IOException {
        Objects.requireNonNull(service, "service");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        LoopbackBridge bridge = new LoopbackBridge(server, service);
        server.createContext("/" + KmsPaths.CHALLENGE, bridge::challenge);
        server.createContext("/" + KmsPaths.RELEASE, bridge::release);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return bridge;
    }

    /** The base URI to register as the dataset's kmsEndpoint. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void challenge(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("POST")) {
                send(x, 405, "application/json", "{}");
                return;
            }
            try {
                send(x, 200, "application/json", Json.canonicalString(service.challenge()));
            } catch (RefusalException e) {
                problem(x, e.problem());
            }
        }
    }

    private void release(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("POST")) {
                send(x, 405, "application/json", "{}");
                return;
            }
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                problem(x, Problem.of(413, RefusalCode.MALFORMED_REQUEST, "request body over " + MAX_BODY + " bytes"));
                return;
            }
            try {
                send(
                        x,
                        200,
                        "application/json",
                        Json.canonicalString(service.releaseJson(new String(body, StandardCharsets.UTF_8))));
            } catch (RefusalException e) {
                problem(x, e.problem());
            }
        }
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
