package org.depa.ccr.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.Json;

/**
 * Test only: one party's embedded-ledger client served to another OS process over loopback HTTP,
 * so that the operator can run as a process of its own (and be killed with SIGKILL) while the
 * embedded ledger, which one process holds at a time, stays in the test's JVM with the TDPs'
 * bridges. On Fabric the operator's process has its own peer connection and needs none of this.
 *
 * <p>{@code POST /submit} and {@code /evaluate} with {@code {"function", "args"}} (the relay's
 * shape); {@code GET /events?from=B&skip=K}: the (K+1)-th event from block B, waiting up to 1 s
 * (204 when none). Every request carries the host's bearer token.
 */
final class LedgerHost implements AutoCloseable {
    private final LedgerClient ledger;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final String token;

    LedgerHost(LedgerClient ledger) throws IOException {
        this.ledger = ledger;
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.createContext("/evaluate", ex -> call(ex, false));
        server.createContext("/submit", ex -> call(ex, true));
        server.createContext("/events", this::event);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String token() {
        return token;
    }

    private boolean authorised(HttpExchange ex) throws IOException {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h != null
                && MessageDigest.isEqual(
                        h.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        reply(ex, 401, "no valid host token".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private void call(HttpExchange ex, boolean submit) throws IOException {
        try (ex) {
            if (!authorised(ex)) {
                return;
            }
            JsonNode body;
            try (InputStream in = ex.getRequestBody()) {
                body = Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            List<String> args = new ArrayList<>();
            body.path("args").forEach(a -> args.add(a.asText()));
            String function = body.path("function").asText();
            String[] a = args.toArray(String[]::new);
            try {
                reply(ex, 200, submit ? ledger.submit(function, a) : ledger.evaluate(function, a));
            } catch (LedgerException e) {
                Map<String, String> m = new TreeMap<>();
                m.put("stage", e.stage().name());
                m.put("code", e.code().name());
                m.put("message", e.getMessage());
                if (e.txId() != null) {
                    m.put("txId", e.txId());
                }
                reply(ex, 422, Json.canonical(m));
            }
        }
    }

    private void event(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorised(ex)) {
                return;
            }
            Map<String, String> q = new LinkedHashMap<>();
            for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
                int i = kv.indexOf('=');
                q.put(kv.substring(0, i), kv.substring(i + 1));
            }
            long from = Long.parseLong(q.get("from"));
            int skip = Integer.parseInt(q.get("skip"));
            LedgerEventRecord found = null;
            try (LedgerClient.EventStream s = ledger.events(from)) {
                ScheduledFuture<?> stop = timers.schedule(s::close, 1, TimeUnit.SECONDS);
                int seen = 0;
                while (s.hasNext()) {
                    LedgerEventRecord e = s.next();
                    if (seen++ == skip) {
                        found = e;
                        break;
                    }
                }
                stop.cancel(false);
            }
            if (found == null) {
                reply(ex, 204, new byte[0]);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("blockNumber", found.blockNumber());
            m.put("txId", found.txId());
            m.put("name", found.name());
            m.put("payload", Base64.getEncoder().encodeToString(found.payload()));
            reply(ex, 200, Json.canonical(m));
        }
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        timers.shutdownNow();
    }
}
