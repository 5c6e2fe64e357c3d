package org.depa.dashboard;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's way to the payment chain: passes each JSON-RPC request to the anvil node unchanged,
 * except while a test holds it, when requests wait (a slow chain node, as a real one can be) until the
 * test lets them through, at most {@link #MAX_HOLD}. The audit page's test holds it to see a
 * verification running.
 */
final class ChainGate implements AutoCloseable {
    /** Below web3j's own read timeout, so a held request is late, never failed. */
    static final Duration MAX_HOLD = Duration.ofSeconds(8);

    private final HttpServer server;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile CountDownLatch arrived = new CountDownLatch(0);

    private ChainGate(HttpServer server) {
        this.server = server;
    }

    static ChainGate start(String rpcUrl) throws IOException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chain-gate");
            t.setDaemon(true);
            return t;
        }));
        ChainGate gate = new ChainGate(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                gate.arrived.countDown();
                gate.held.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                HttpResponse<byte[]> answer = client.send(
                        HttpRequest.newBuilder(URI.create(rpcUrl))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(
                                        exchange.getRequestBody().readAllBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return gate;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on requests wait until {@link #release()}. */
    void hold() {
        arrived = new CountDownLatch(1);
        held = new CountDownLatch(1);
    }

    /** Whether a request has arrived since {@link #hold()}, waiting at most {@code timeout}. */
    boolean awaitRequest(Duration timeout) throws InterruptedException {
        return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        held.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
