package org.depa.ledger.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.domain.Page;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * Typed access to world state. Values are RFC 8785 canonical JSON, so the same object always
 * writes the same bytes on every peer. Keys are Fabric composite keys: (object type, id parts).
 */
public final class LedgerState {
    /** Index entries need a non-empty value: Fabric treats an empty value as a delete. */
    private static final byte[] INDEX_VALUE = {0};

    private static final char DELIMITER = '\u0000';
    private static final String MAX_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));

    public static final int MAX_PAGE_SIZE = 200;
    public static final int DEFAULT_PAGE_SIZE = 50;

    private final ChaincodeStub stub;

    LedgerState(ChaincodeStub stub) {
        this.stub = stub;
    }

    /**
     * The composite key of (type, ids), byte for byte what {@code stub.createCompositeKey} builds
     * (U+0000, type, U+0000, then each id and U+0000), without the shim's per-segment regex, which
     * cost a tenth of a transaction. Segments may not hold U+0000 or U+10FFFF, as in the shim.
     */
    public String key(ObjectType type, String... ids) {
        StringBuilder b =
                new StringBuilder(64).append(DELIMITER).append(type.prefix()).append(DELIMITER);
        for (String id : ids) {
            if (id.indexOf(DELIMITER) >= 0 || id.contains(MAX_CODE_POINT)) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_ARGUMENT, "a key segment contains a reserved character");
            }
            b.append(id).append(DELIMITER);
        }
        return b.toString();
    }

    public <T> Optional<T> find(ObjectType type, Class<T> cls, String... ids) {
        byte[] bytes = stub.getState(key(type, ids));
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.readStored(bytes, cls));
    }

    public <T> T get(ObjectType type, Class<T> cls, String... ids) {
        return find(type, cls, ids)
                .orElseThrow(() -> new LedgerRuleException(
                        ErrorCode.NOT_FOUND, type.prefix() + " '" + String.join("/", ids) + "' does not exist"));
    }

    public boolean exists(ObjectType type, String... ids) {
        byte[] bytes = stub.getState(key(type, ids));
        return bytes != null && bytes.length > 0;
    }

    public void put(ObjectType type, Object value, String... ids) {
        stub.putState(key(type, ids), Json.canonical(value));
    }

    /**
     * Writes a value and sets its key-level endorsement policy (Fabric's state-based endorsement):
     * from the next transaction on, a write to this key is valid only if endorsed as the policy says.
     * Later plain writes keep the policy.
     */
    public void putWithPolicy(ObjectType type, Object value, byte[] policy, String... ids) {
        String key = key(type, ids);
        stub.putState(key, Json.canonical(value));
        stub.setStateValidationParameter(key, policy);
    }

    public void putIndex(ObjectType type, String... ids) {
        stub.putState(key(type, ids), INDEX_VALUE.clone());
    }

    public void delete(ObjectType type, String... ids) {
        stub.delState(key(type, ids));
    }

    /** Every object under a key prefix. For small, bounded sets read inside a write transaction. */
    public <T> List<T> all(ObjectType type, Class<T> cls, String... prefix) {
        List<T> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it =
                stub.getStateByPartialCompositeKey(new CompositeKey(type.prefix(), prefix))) {
            for (KeyValue kv : it) {
                out.add(Json.readStored(kv.getValue(), cls));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    /** The id parts of every key under a prefix (for index types). */
    public List<List<String>> keys(ObjectType type, String... prefix) {
        List<List<String>> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it =
                stub.getStateByPartialCompositeKey(new CompositeKey(type.prefix(), prefix))) {
            for (KeyValue kv : it) {
                out.add(stub.splitCompositeKey(kv.getKey()).getAttributes());
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    /**
     * One page of keys under a prefix, mapped to results by {@code load}. Fabric allows paginated
     * queries only in read-only transactions, so only query transactions call this.
     */
    public <T> Page<T> page(
            ObjectType type, Integer pageSize, String bookmark, Function<List<String>, T> load, String... prefix) {
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new LedgerRuleException(
                    ErrorCode.INVALID_ARGUMENT, "field 'pageSize' must be between 1 and " + MAX_PAGE_SIZE);
        }
        String mark = bookmark == null ? "" : bookmark;
        String base = key(type, prefix);
        if (!mark.isEmpty() && !mark.startsWith(base)) {
            throw new LedgerRuleException(
                    ErrorCode.INVALID_ARGUMENT, "field 'bookmark' does not belong to this listing");
        }
        List<T> items = new ArrayList<>();
        String next;
        try (QueryResultsIteratorWithMetadata<KeyValue> it =
                stub.getStateByPartialCompositeKeyWithPagination(new CompositeKey(type.prefix(), prefix), size, mark)) {
            for (KeyValue kv : it) {
                items.add(load.apply(stub.splitCompositeKey(kv.getKey()).getAttributes()));
            }
            next = items.size() < size ? "" : it.getMetadata().getBookmark();
        } catch (Exception e) {
            throw rethrow(e);
        }
        return new Page<>(items, next, items.size());
    }

    /** Every committed version of one object, newest first, as Fabric returns them. */
    public List<HistoryEntry> history(ObjectType type, String... ids) {
        List<HistoryEntry> out = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(key(type, ids))) {
            for (KeyModification mod : it) {
                // Index entries hold a marker byte, not JSON: they have no value to show.
                JsonNode value =
                        mod.isDeleted() || mod.getValue().length == 0 || Arrays.equals(mod.getValue(), INDEX_VALUE)
                                ? null
                                : Json.tree(new String(mod.getValue(), StandardCharsets.UTF_8));
                out.add(new HistoryEntry(mod.getTxId(), mod.getTimestamp().toString(), mod.isDeleted(), value));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    private static RuntimeException rethrow(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("ledger iterator failed", e);
    }
}
