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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.tx.StartRunRequest;

/**
 * The operator's ledger connection lent to its clean rooms, on the loopback interface only: each
 * launch gets its own bearer token, revoked when that process exits, so a clean room left over from
 * an earlier launch or an earlier operator cannot write. A clean room may read anything its CCR
 * provider may read, and write only its run's transactions ({@code runs:start} for its own job,
 * {@code runs:submitReceipt}, {@code runs:fail}); the job's own transitions stay with the operator,
 * which moves the job to RUNNING ({@code jobs:start}) when its clean room starts its first run.
 *
 * <p>Protocol: {@code POST /evaluate} or {@code /submit} with {@code Authorization: Bearer TOKEN}
 * and the body {@code {"function": <the catalogue name of the transaction>, "args": ["..."]}}; 200 with the chaincode's result
 * bytes, or an error status with {@code {"stage", "code", "message", "txId"}}.
 */
final class LedgerRelay implements AutoCloseable {
    private static final int MAX_BODY = 1024 * 1024;
    private static final Set<String> WRITES = Set.of(Runs.START.name(), Runs.SUBMIT_RECEIPT.name(), Runs.FAIL.name());

    private final LedgerClient ledger;
    private final Consumer<String> beforeRunStart;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, String> jobByToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param beforeRunStart called with the job's id before a clean room's {@code runs:start} is
     *     forwarded (the operator moves the job to RUNNING there); a refusal it throws is the clean
     *     room's answer
     */
    LedgerRelay(LedgerClient ledger, Consumer<String> beforeRunStart) throws IOException {
        this.ledger = ledger;
        this.beforeRunStart = beforeRunStart;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/evaluate", ex -> handle(ex, false));
        server.createContext("/submit", ex -> handle(ex, true));
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new token for one launch of {@code jobId}'s clean room. */
    String issue(String jobId) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        jobByToken.put(token, jobId);
        return token;
    }

    void revoke(String token) {
        jobByToken.remove(token);
    }

    private void handle(HttpExchange ex, boolean submit) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, error(ErrorCode.MALFORMED_REQUEST, "POST only"));
                return;
            }
            String jobId = authorised(ex.getRequestHeaders().getFirst("Authorization"));
            if (jobId == null) {
                reply(ex, 401, error(ErrorCode.WRONG_CLIENT, "no valid relay token for a running clean room"));
                return;
            }
            JsonNode body;
            try (InputStream in = ex.getRequestBody()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    reply(ex, 413, error(ErrorCode.MALFORMED_REQUEST, "request over " + MAX_BODY + " bytes"));
                    return;
                }
                body = Json.tree(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                reply(ex, 400, error(ErrorCode.MALFORMED_REQUEST, "body is not JSON {function, args}"));
                return;
            }
            String function = body.path("function").asText("");
            List<String> args = new ArrayList<>();
            body.path("args").forEach(a -> args.add(a.asText()));
            if (submit && !WRITES.contains(function)) {
                reply(ex, 403, error(ErrorCode.WRONG_ROLE, "a clean room may not submit '" + function + "'"));
                return;
            }
            if (submit && function.equals(Runs.START.name()) && !startsOwnJob(args, jobId)) {
                reply(ex, 403, error(ErrorCode.NOT_A_PARTY, "a clean room may start runs of its own job only"));
                return;
            }
            String[] a = args.toArray(String[]::new);
            try {
                if (submit && function.equals(Runs.START.name())) {
                    beforeRunStart.accept(jobId);
                }
                byte[] result = submit ? ledger.submit(function, a) : ledger.evaluate(function, a);
                reply(ex, 200, result);
            } catch (LedgerException e) {
                reply(ex, 422, error(e.stage(), e.code(), e.getMessage(), e.txId()));
            }
        }
    }

    private static boolean startsOwnJob(List<String> args, String jobId) {
        try {
            return args.size() == 1
                    && jobId.equals(
                            Json.read(args.get(0), StartRunRequest.class).jobId());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        byte[] given = header.substring(7).getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : jobByToken.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static byte[] error(ErrorCode code, String message) {
        return error(LedgerException.Stage.ENDORSE, code, message, null);
    }

    private static byte[] error(LedgerException.Stage stage, ErrorCode code, String message, String txId) {
        Map<String, String> m = new java.util.TreeMap<>();
        m.put("stage", stage.name());
        m.put("code", code.name());
        m.put("message", message);
        if (txId != null) {
            m.put("txId", txId);
        }
        return Json.canonical(m);
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
    }
}
