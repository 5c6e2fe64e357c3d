package org.depa.audit.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.depa.audit.replay.CommittedTx;
import org.depa.ledger.model.Json;

/** One committed transaction's writes, decoded into object types and ids, with typed values parsed once. */
final class DomainTx {
    /** One write: its key, its value as stored (null for a delete), and the record parsed from it. */
    static final class Entry {
        final StateKey key;
        final String value;
        private Object parsed;

        Entry(StateKey key, String value) {
            this.key = key;
            this.value = value;
        }

        /** The value as a {@code type} record; a {@link RecordException} when it is not one or was deleted. */
        <T> T as(Class<T> type) {
            if (parsed != null && type.isInstance(parsed)) {
                return type.cast(parsed);
            }
            if (value == null) {
                throw new RecordException(key + " was deleted; the chaincode never deletes a " + key.type());
            }
            try {
                T t = Json.readStored(value.getBytes(StandardCharsets.UTF_8), type);
                parsed = t;
                return t;
            } catch (RuntimeException e) {
                throw new RecordException(key + " does not hold a " + type.getSimpleName() + " record: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    final CommittedTx tx;
    final String chaincode;
    private final List<Entry> entries = new ArrayList<>();

    DomainTx(CommittedTx tx) {
        this.tx = tx;
        this.chaincode = tx.namespace();
        for (CommittedTx.Write w : tx.writes()) {
            StateKey k = StateKey.parse(w.key());
            if (k != null) {
                entries.add(new Entry(k, w.delete() ? null : w.value()));
            }
        }
    }

    Instant time() {
        return tx.timestamp();
    }

    /** The entries of one object type, in write order (sorted by key). */
    List<Entry> of(String type) {
        return entries.stream().filter(e -> e.key.type().equals(type)).toList();
    }

    /** Where a result about {@code what} is, for the report. */
    String scope(String what) {
        return tx.scope() + " " + what;
    }
}
