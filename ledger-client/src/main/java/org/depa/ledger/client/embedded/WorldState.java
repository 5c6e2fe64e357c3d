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
    /**
     * The same entries by exact key, for point reads (every getState and every MVCC check): one hash
     * instead of a dozen UTF-8 comparisons down the tree. Exact only while no key holds a surrogate:
     * the tree treats keys with equal UTF-8 bytes as one (a lone surrogate encodes as '?'), a hash
     * map would not, so the first such key written switches point reads back to the tree for good
     * (and a read with such a key asks the tree).
     */
    private final Map<String, Entry> byKey = new HashMap<>();

    private boolean surrogateKeySeen;
    private final Map<String, List<Modification>> history = new HashMap<>();
    /** Key-level endorsement policies (Fabric's validation parameter metadata). */
    private final Map<String, byte[]> policies = new HashMap<>();

    Entry get(String key) {
        if (surrogateKeySeen) {
            return current.get(key);
        }
        Entry entry = byKey.get(key);
        // Without surrogates, equal UTF-8 bytes mean equal strings, so a miss here is a miss in the
        // tree; a key read with a surrogate may still match a stored key's bytes ('?').
        return entry != null || !hasSurrogate(key) ? entry : current.get(key);
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
        if (!surrogateKeySeen && hasSurrogate(key)) {
            surrogateKeySeen = true;
            byKey.clear();
        }
        if (value == null) {
            current.remove(key);
            policies.remove(key);
            if (!surrogateKeySeen) {
                byKey.remove(key);
            }
        } else {
            Entry entry = new Entry(value, version);
            current.put(key, entry);
            if (!surrogateKeySeen) {
                byKey.put(key, entry);
            }
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

    private static boolean hasSurrogate(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (Character.isSurrogate(key.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return current.size();
    }
}
