package org.depa.ledger.client;

import com.fasterxml.jackson.databind.JavaType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.depa.ledger.model.Json;

/**
 * Typed calls over a {@link LedgerClient}: requests go in as records, results come back as the
 * model's records. Serialisation is the model's own strict JSON.
 */
public final class TypedLedger {
    private final LedgerClient client;

    public TypedLedger(LedgerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public LedgerClient client() {
        return client;
    }

    public <T> T submit(String function, Object request, Class<T> resultType) {
        return read(
                client.submit(function, Json.canonicalString(Objects.requireNonNull(request, "request"))), resultType);
    }

    /** Evaluates {@code function} with one plain argument, or none when {@code argument} is null. */
    public <T> T evaluate(String function, String argument, Class<T> resultType) {
        return read(argument == null ? client.evaluate(function) : client.evaluate(function, argument), resultType);
    }

    public <T> T evaluateJson(String function, Object request, Class<T> resultType) {
        return read(client.evaluate(function, Json.canonicalString(request)), resultType);
    }

    public <T> List<T> evaluateList(String function, String argument, Class<T> elementType) {
        JavaType type = Json.mapper().getTypeFactory().constructCollectionType(List.class, elementType);
        try {
            return Json.mapper().readValue(client.evaluate(function, argument), type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the ledger returned unreadable JSON for " + function, e);
        }
    }

    public <T> T evaluateGeneric(String function, String argument, JavaType type) {
        try {
            return Json.mapper().readValue(client.evaluate(function, argument), type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the ledger returned unreadable JSON for " + function, e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        return Json.read(new String(bytes, StandardCharsets.UTF_8), type);
    }
}
