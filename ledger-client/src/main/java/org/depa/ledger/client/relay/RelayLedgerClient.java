package org.depa.ledger.client.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;

/**
 * The clean room's side of the CCR provider's ledger relay (ccr-operator's {@code LedgerRelay}): a
 * {@link LedgerClient} whose submits and reads go, with the launch's bearer token, to the operator
 * that launched it. Here rather than in ccr-operator so that the clean-room agent can use it without
 * depending on the operator. A ledger refusal comes back as the same {@link LedgerException}
 * (stage, code, message); an operator that cannot be reached is stage {@code UNAVAILABLE}.
 */
public final class RelayLedgerClient implements LedgerClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;
    private final LedgerIdentity identity;

    /**
     * @param relayUrl the relay's base URL (loopback)
     * @param token this launch's bearer token
     * @param identity the CCR provider's client the relay submits as (public)
     */
    public RelayLedgerClient(URI relayUrl, String token, LedgerIdentity identity) {
        this.base = java.util.Objects.requireNonNull(relayUrl, "relayUrl");
        this.token = java.util.Objects.requireNonNull(token, "token");
        this.identity = java.util.Objects.requireNonNull(identity, "identity");
    }

    @Override
    public byte[] submit(String function, String... args) {
        return call("/submit", function, args);
    }

    @Override
    public byte[] evaluate(String function, String... args) {
        return call("/evaluate", function, args);
    }

    private byte[] call(String path, String function, String... args) {
        byte[] body = Json.canonical(Map.of("function", function, "args", List.of(args)));
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LedgerException(
                    LedgerException.Stage.UNAVAILABLE,
                    ErrorCode.INTERNAL,
                    "the operator's ledger relay " + base + " cannot be reached: " + e.getMessage(),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, "interrupted", null, e);
        }
        if (res.statusCode() == 200) {
            return res.body();
        }
        JsonNode err;
        try {
            err = Json.tree(new String(res.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new LedgerException(
                    LedgerException.Stage.UNAVAILABLE,
                    ErrorCode.INTERNAL,
                    "the ledger relay answered HTTP " + res.statusCode(),
                    null,
                    e);
        }
        throw new LedgerException(
                LedgerException.Stage.valueOf(err.path("stage").asText("ENDORSE")),
                ErrorCode.valueOf(err.path("code").asText("INTERNAL")),
                err.path("message").asText("refused"),
                err.path("txId").isMissingNode() ? null : err.path("txId").asText(),
                null);
    }

    @Override
    public EndorsedTransaction endorse(String function, String... args) {
        throw new UnsupportedOperationException(
                "a clean room submits through the relay; it does not hold endorsements");
    }

    @Override
    public EventStream events(long startBlock) {
        throw new UnsupportedOperationException("a clean room does not follow events through the relay");
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    @Override
    public void close() {
        // HttpClient holds no resource that needs closing on Java 17.
    }
}
