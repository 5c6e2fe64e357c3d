package org.depa.ledger.client.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Committed state: current values with their versions, and every key's history. Not thread-safe
 * by itself; {@link EmbeddedLedger} guards it with a read-write lock (simulations read, commits
 * write), which also gives each simulation a stable snapshot, as Fabric's state lock does.
 */
final class WorldState {
    record Entry(byte[] value, Version version) {}

    record Modification(String txId, Instant timestamp, byte[] value, boolean deleted) {}

    private final NavigableMap<String, Entry> current = new TreeMap<>(Utf8Order.INSTANCE);
    private final Map<String, List<Modification>> history = new HashMap<>();
    /** Key-level endorsement policies (Fabric's validation parameter metadata). */
    private final Map<String, byte[]> policies = new HashMap<>();

    Entry get(String key) {
        return current.get(key);
    }

    /** Keys in [start, end) in UTF-8 order; an empty end means unbounded. */
    NavigableMap<String, Entry> range(String start, String end) {
        if (end == null || end.isEmpty()) {
            return current.tailMap(start, true);
        }
        if (Utf8Order.INSTANCE.compare(start, end) >= 0) {
            return Collections.emptyNavigableMap();
        }
        return current.subMap(start, true, end, false);
    }

    void apply(String key, byte[] value, Version version, String txId, Instant timestamp) {
        if (value == null) {
            current.remove(key);
            policies.remove(key);
        } else {
            current.put(key, new Entry(value, version));
        }
        history.computeIfAbsent(key, k -> new ArrayList<>())
                .add(new Modification(txId, timestamp, value, value == null));
    }

    /** The key's endorsement policy, or null: then the chaincode's policy applies. */
    byte[] policy(String key) {
        byte[] p = policies.get(key);
        return p == null ? null : p.clone();
    }

    /** Sets a key's endorsement policy; a value written later keeps it, a delete drops it. */
    void applyPolicy(String key, byte[] policy) {
        if (policy == null || policy.length == 0) {
            policies.remove(key);
        } else {
            policies.put(key, policy.clone());
        }
    }

    /** Newest first, as Fabric 2.x returns a key's history. */
    List<Modification> history(String key) {
        List<Modification> mods = new ArrayList<>(history.getOrDefault(key, List.of()));
        Collections.reverse(mods);
        return mods;
    }

    int size() {
        return current.size();
    }
}
