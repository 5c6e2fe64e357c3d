package org.depa.payments.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.crypto.Hash;

/**
 * A JSON-RPC front to a real node that passes every request through, except the escrow's {@code
 * settled(bytes32)} call while a fault is set: then the node answers it with a JSON-RPC error
 * ({@link Fault#ERROR}, as a node that lost its state or is syncing does) or not at all ({@link
 * Fault#DOWN}: HTTP 503, as a load balancer in front of a node that is down). Everything else
 * (simulations, sends, receipts) reaches the node, so the relay meets the fault at exactly that
 * question.
 */
final class FaultyNode implements AutoCloseable {
    enum Fault {
        NONE,
        ERROR,
        DOWN
    }

    /** The selector of {@code settled(bytes32)}, as it starts an eth_call's data. */
    private static final String SETTLED = Hash.sha3String("settled(bytes32)").substring(2, 10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI node;
    private volatile Fault fault = Fault.NONE;
    private final AtomicInteger faulted = new AtomicInteger();

    FaultyNode(String nodeUrl) throws IOException {
        this.node = URI.create(nodeUrl);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void fault(Fault f) {
        fault = f;
    }

    /** How many {@code settled(bytes32)} calls met a fault. */
    int faulted() {
        return faulted.get();
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        JsonNode request = JSON.readTree(body);
        Fault f = fault;
        if (f != Fault.NONE && asksSettled(request)) {
            faulted.incrementAndGet();
            if (f == Fault.DOWN) {
                x.sendResponseHeaders(503, -1);
                x.close();
                return;
            }
            byte[] error = ("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id")
                            + ",\"error\":{\"code\":-32000,\"message\":\"header not found\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            reply(x, error);
            return;
        }
        try {
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(node)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            reply(x, r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.sendResponseHeaders(503, -1);
            x.close();
        }
    }

    /** Whether {@code request} (one call, or a batch) contains an eth_call of settled(bytes32). */
    private static boolean asksSettled(JsonNode request) {
        if (request.isArray()) {
            for (JsonNode r : request) {
                if (asksSettled(r)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode call = request.path("params").path(0);
        String data = call.has("input")
                ? call.path("input").asText()
                : call.path("data").asText();
        return "eth_call".equals(request.path("method").asText())
                && data.toLowerCase(Locale.ROOT).startsWith("0x" + SETTLED);
    }

    private static void reply(HttpExchange x, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, body.length);
        try (var out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
