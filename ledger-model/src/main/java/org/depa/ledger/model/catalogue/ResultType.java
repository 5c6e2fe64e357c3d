package org.depa.ledger.model.catalogue;

import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.Page;

/**
 * The Java type of a transaction's result, generics included ({@code List<ContractSignature>},
 * {@code Page<Participant>}), so results parse into exactly what the chaincode returned.
 */
public final class ResultType<R> {
    private final JavaType type;

    private ResultType(JavaType type) {
        this.type = type;
    }

    public static <R> ResultType<R> of(Class<R> type) {
        return new ResultType<>(Json.mapper().constructType(Objects.requireNonNull(type, "type")));
    }

    public static <E> ResultType<List<E>> listOf(Class<E> element) {
        return new ResultType<>(Json.mapper().getTypeFactory().constructCollectionType(List.class, element));
    }

    public static <E> ResultType<Page<E>> pageOf(Class<E> element) {
        return new ResultType<>(Json.mapper().getTypeFactory().constructParametricType(Page.class, element));
    }

    public JavaType javaType() {
        return type;
    }

    R read(String text, Tx<?, R> tx) {
        try {
            R value = Json.mapper().readValue(text, type);
            if (value == null) {
                throw new IllegalStateException("the ledger returned null for " + tx.name());
            }
            return value;
        } catch (IOException e) {
            // The ledger's own output: unreadable means client and chaincode disagree, a bug, not a refusal.
            throw new IllegalStateException("the ledger returned unreadable JSON for " + tx.name(), e);
        }
    }

    @Override
    public String toString() {
        return type.toCanonical();
    }
}
