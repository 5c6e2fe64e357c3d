package org.depa.demo.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Tx;

/**
 * A participant's ledger connection through its gateway: each transaction becomes the REST call of
 * {@link GatewayRoutes}, made with the participant's own TLS certificate. The gateway returns the
 * ledger's canonical JSON unchanged and reports refusals with the ledger's codes, so the onboarding,
 * the clean-room agent and a TDP's key-release service see the results and {@link LedgerException}s
 * of a direct connection.
 */
final class GatewayLedger implements LedgerClient {
    private final GatewayClient gateway;
    private final LedgerIdentity identity;
    private final Runnable committed;

    /**
     * @param identity the organisation and certificate the gateway knows the caller by
     * @param committed told of every write the gateway committed
     */
    GatewayLedger(GatewayClient gateway, LedgerIdentity identity, Runnable committed) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.committed = Objects.requireNonNull(committed, "committed");
    }

    /** The participant's gateway client (for the routes that are not ledger transactions: a job's output). */
    GatewayClient gateway() {
        return gateway;
    }

    @Override
    public byte[] submit(String function, String... args) {
        byte[] result = call(route(function, Tx.Intent.SUBMIT), args, LedgerException.Stage.ENDORSE);
        committed.run();
        return result;
    }

    @Override
    public byte[] evaluate(String function, String... args) {
        return call(route(function, Tx.Intent.EVALUATE), args, LedgerException.Stage.EVALUATE);
    }

    /** Not offered: the gateway endorses and commits a write in one request. */
    @Override
    public EndorsedTransaction endorse(String function, String... args) {
        throw new UnsupportedOperationException(
                "the gateway endorses and commits in one request; it holds no endorsed transaction for later");
    }

    /** The gateway's server-sent events from {@code startBlock} on; blocks for new ones until closed. */
    @Override
    public EventStream events(long startBlock) {
        Stream<String> lines = eventLines(startBlock);
        Iterator<String> it = lines.iterator();
        return new EventStream() {
            private LedgerEventRecord next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = readEvent(it);
                }
                return next != null;
            }

            @Override
            public LedgerEventRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LedgerEventRecord e = next;
                next = null;
                return e;
            }

            @Override
            public void close() {
                lines.close();
            }
        };
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    /** Nothing to release: the HTTP client's connections close when idle. */
    @Override
    public void close() {}

    private static GatewayRoutes.Route route(String function, Tx.Intent intent) {
        GatewayRoutes.Route r = GatewayRoutes.of(function)
                .orElseThrow(() -> new IllegalArgumentException("the gateway has no route for " + function));
        if (r.tx().intent() != intent) {
            throw new IllegalArgumentException(function + " is "
                    + (intent == Tx.Intent.SUBMIT
                            ? "a query; it cannot be submitted"
                            : "a write; it cannot be evaluated"));
        }
        return r;
    }

    private byte[] call(GatewayRoutes.Route r, String[] args, LedgerException.Stage stage) {
        String target = r.target().apply(args);
        String body = r.body().apply(args);
        try {
            String json =
                    switch (r.method()) {
                        case "GET" -> gateway.get(target);
                        case "POST" -> gateway.post(target, body);
                        case "PUT" -> gateway.put(target, body);
                        default -> throw new IllegalStateException("route method " + r.method());
                    };
            return json.getBytes(StandardCharsets.UTF_8);
        } catch (GatewayUnreachableException e) {
            throw new LedgerException(LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, e.getMessage(), null, e);
        } catch (GatewayException e) {
            throw refusal(e, stage);
        }
    }

    /**
     * A ledger refusal the gateway passed on becomes the ledger's exception; a refusal of the gateway
     * itself (not permitted, not your identity) is no ledger verdict and stays what it is.
     */
    private static RuntimeException refusal(GatewayException e, LedgerException.Stage stage) {
        if ("LEDGER_UNAVAILABLE".equals(e.code())) {
            return new LedgerException(LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, e.getMessage(), null, e);
        }
        ErrorCode code = ErrorCode.fromPayload(e.code().getBytes(StandardCharsets.UTF_8));
        if (code == ErrorCode.INTERNAL && !"INTERNAL".equals(e.code())) {
            return e;
        }
        String txId = null;
        if (e.body() != null && !e.body().isBlank()) {
            JsonNode problem = Json.tree(e.body());
            txId = problem.path("txId").asText(null);
        }
        return new LedgerException(stage, code, e.getMessage(), txId, e);
    }

    private Stream<String> eventLines(long startBlock) {
        try {
            return gateway.eventLines(startBlock, null);
        } catch (GatewayUnreachableException e) {
            throw new LedgerException(LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, e.getMessage(), null, e);
        } catch (GatewayException e) {
            throw refusal(e, LedgerException.Stage.EVALUATE);
        }
    }

    /** The next event of a server-sent stream (id: block, event: name, data: the ledger's event JSON), or null at its end. */
    static LedgerEventRecord readEvent(Iterator<String> lines) {
        String id = null;
        String name = null;
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    String payload = data.toString();
                    String txId = Json.tree(payload).path("txId").asText(null);
                    return new LedgerEventRecord(
                            Long.parseLong(Objects.requireNonNull(id, "event without id")),
                            txId,
                            name,
                            payload.getBytes(StandardCharsets.UTF_8));
                }
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
                default -> {
                    // comments (":") and fields this stream does not use
                }
            }
        }
        return null;
    }
}
