package org.depa.ledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** The shim's result types as the embedded ledger's stub returns them: key-values, history, pages. */
final class StubResults {
    private StubResults() {}

    static <T> QueryResultsIterator<T> iterator(List<T> items) {
        return new QueryResultsIterator<>() {
            @Override
            public Iterator<T> iterator() {
                return items.iterator();
            }

            @Override
            public void close() {}
        };
    }

    record Kv(String key, byte[] value) implements KeyValue {
        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    record HistoryRecord(WorldState.Modification m) implements KeyModification {
        @Override
        public String getTxId() {
            return m.txId();
        }

        @Override
        public byte[] getValue() {
            return m.value() == null ? new byte[0] : m.value().clone();
        }

        @Override
        public String getStringValue() {
            return new String(getValue(), StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return m.timestamp();
        }

        @Override
        public boolean isDeleted() {
            return m.deleted();
        }
    }

    record PagedIterator(List<KeyValue> items, QueryResponseMetadata metadata)
            implements QueryResultsIteratorWithMetadata<KeyValue> {
        @Override
        public QueryResponseMetadata getMetadata() {
            return metadata;
        }

        @Override
        public Iterator<KeyValue> iterator() {
            return items.iterator();
        }

        @Override
        public void close() {}
    }
}
