package org.depa.ccr.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;

/**
 * Test only: the {@link LedgerClient} of a process whose ledger is a {@link LedgerHost} in another
 * process (the test's JVM): the operator's process in {@code OperatorTwoContractKillTest}.
 */
final class HostedLedgerClient implements LedgerClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    private final LedgerIdentity identity;

    HostedLedgerClient(URI base, String token, LedgerIdentity identity) {
        this.base = base;
        this.token = token;
        this.identity = identity;
    }

    @Override
    public byte[] submit(String function, String... args) {
        return post("/submit", function, args);
    }

    @Override
    public byte[] evaluate(String function, String... args) {
        return post("/evaluate", function, args);
    }

    private byte[] post(String path, String function, String... args) {
        HttpResponse<byte[]> res = send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        Json.canonical(Map.of("function", function, "args", List.of(args))))));
        if (res.statusCode() == 200) {
            return res.body();
        }
        JsonNode err = Json.tree(new String(res.body(), StandardCharsets.UTF_8));
        throw new LedgerException(
                LedgerException.Stage.valueOf(err.path("stage").asText("ENDORSE")),
                ErrorCode.valueOf(err.path("code").asText("INTERNAL")),
                err.path("message").asText("refused"),
                err.path("txId").isMissingNode() ? null : err.path("txId").asText(),
                null);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder req) {
        try {
            return http.send(
                    req.timeout(Duration.ofSeconds(120))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LedgerException(
                    LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, "ledger host: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, "interrupted", null, e);
        }
    }

    @Override
    public EndorsedTransaction endorse(String function, String... args) {
        throw new UnsupportedOperationException("the operator does not hold endorsements");
    }

    @Override
    public EventStream events(long startBlock) {
        return new EventStream() {
            private volatile boolean closed;
            private long block = startBlock;
            private int inBlock;
            private LedgerEventRecord pending;

            @Override
            public boolean hasNext() {
                while (pending == null && !closed) {
                    HttpResponse<byte[]> res =
                            send(HttpRequest.newBuilder(base.resolve("/events?from=" + block + "&skip=" + inBlock))
                                    .GET());
                    if (res.statusCode() == 200) {
                        JsonNode e = Json.tree(new String(res.body(), StandardCharsets.UTF_8));
                        pending = new LedgerEventRecord(
                                e.get("blockNumber").asLong(),
                                e.get("txId").asText(),
                                e.get("name").asText(),
                                Base64.getDecoder().decode(e.get("payload").asText()));
                    } else if (res.statusCode() != 204) {
                        throw new LedgerException(
                                LedgerException.Stage.UNAVAILABLE,
                                ErrorCode.INTERNAL,
                                "ledger host answered " + res.statusCode(),
                                null,
                                null);
                    }
                }
                return pending != null;
            }

            @Override
            public LedgerEventRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("event stream closed");
                }
                LedgerEventRecord e = pending;
                pending = null;
                if (e.blockNumber() == block) {
                    inBlock++;
                } else {
                    block = e.blockNumber();
                    inBlock = 1;
                }
                return e;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    @Override
    public void close() {
        // nothing held
    }
}
