package org.depa.ledger.client.embedded;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Committed state: every key's values with their versions, kept as a chain per key, newest first,
 * so that a reader sees the state as of one committed block ({@link #at}) while a later block is
 * being applied. One writer at a time ({@link EmbeddedLedger} commits under a lock); any number of
 * readers, without a lock: a simulation reads a {@link Snapshot} at the height it started from, as
 * a Fabric peer's simulation sees the state of one block, and the commit that follows validates
 * its reads against the newest state (MVCC). Before, each simulation held a read lock for its
 * whole run, so a commit waited for every simulation in flight (the two-thread profile's largest
 * wait). Nothing is removed: a delete is a chain entry without a value (what history shows too).
 *
 * <p>Exactness: a reader at height {@code h} takes, for each key, the newest chain entry of a block
 * at most {@code h}. Entries are immutable and published through concurrent maps before the height
 * that names their block ({@link EmbeddedLedger} publishes the height last), so a reader that saw
 * height {@code h} sees every entry of blocks up to {@code h}.
 */
final class WorldState {
    record Entry(byte[] value, Version version) {}

    record Modification(String txId, Instant timestamp, byte[] value, boolean deleted) {}

    /** One committed write of one exact key: the value (null when deleted), its history fields. */
    private record Write(Entry entry, long block, String txId, Instant timestamp, Write previous) {}

    /**
     * One committed write to a slot of the ordered map. The map treats keys with equal UTF-8 bytes
     * as one (a lone surrogate encodes as '?'); {@code key} is the string a range scan reports, the
     * one an ordered map would keep: the first written since the slot was last empty.
     */
    private record Slot(String key, Entry entry, long block, Slot previous) {}

    /** One committed write of a key's endorsement policy (null: none). */
    private record Policy(byte[] policy, long block, Policy previous) {}

    /** The newest write of one slot of the ordered map (readers walk back from it). */
    private static final class Cell {
        volatile Slot head;
    }

    /** The newest write of one exact key, and the ordered map's cell of that key (kept once known). */
    private static final class Chain {
        volatile Write head;
        Cell cell;
    }

    /** Every key in UTF-8 order, for range scans (and point reads once a surrogate key exists). */
    private final ConcurrentSkipListMap<String, Cell> ordered = new ConcurrentSkipListMap<>(Utf8Order.INSTANCE);
    /**
     * The same writes by exact key: point reads (one hash instead of a dozen UTF-8 comparisons),
     * history, and the way to a key's cell without searching the ordered map again. Point reads
     * here are exact only while no key holds a surrogate (the ordered map would merge keys a hash
     * map keeps apart), so the first such key written switches point reads to the ordered map for
     * good (and a read with such a key asks the ordered map).
     */
    private final ConcurrentHashMap<String, Chain> byKey = new ConcurrentHashMap<>(1 << 12);

    private final ConcurrentHashMap<String, Policy> policies = new ConcurrentHashMap<>();
    private volatile boolean surrogateKeySeen;
    private final Snapshot latest = new Snapshot(Long.MAX_VALUE);

    /** The state as of block {@code height}: what a simulation started then reads. */
    Snapshot at(long height) {
        return new Snapshot(height);
    }

    /** The newest value of {@code key}, or null (the committer's view). */
    Entry get(String key) {
        return latest.get(key);
    }

    /** The newest keys in [start, end) in UTF-8 order; an empty end means unbounded. */
    Iterable<Map.Entry<String, Entry>> range(String start, String end) {
        return latest.range(start, end);
    }

    byte[] policy(String key) {
        return latest.policy(key);
    }

    List<Modification> history(String key) {
        return latest.history(key);
    }

    /** Applies one write of block {@code version.block()}; the only writer at a time. */
    void apply(String key, byte[] value, Version version, String txId, Instant timestamp) {
        if (!surrogateKeySeen && hasSurrogate(key)) {
            surrogateKeySeen = true;
        }
        long block = version.block();
        Entry entry = value == null ? null : new Entry(value, version);
        Chain chain = byKey.get(key);
        Write write = new Write(entry, block, txId, timestamp, chain == null ? null : chain.head);
        if (chain == null) {
            chain = new Chain();
            chain.head = write;
            byKey.put(key, chain);
        } else {
            chain.head = write;
        }
        Cell cell = chain.cell;
        if (cell == null) {
            Cell fresh = new Cell();
            Cell existing = ordered.putIfAbsent(key, fresh);
            cell = existing != null ? existing : fresh;
            if (!hasSurrogate(key)) {
                chain.cell = cell; // its cell for good: a key's UTF-8 bytes never change, cells stay
            }
        }
        Slot before = cell.head;
        // A live slot keeps the key it was first written with, as an ordered map keeps its key.
        String slotKey = entry != null && before != null && before.entry() != null ? before.key() : key;
        cell.head = new Slot(slotKey, entry, block, before);
        if (value == null) {
            Policy p = policies.get(key);
            if (p != null && p.policy() != null) {
                policies.put(key, new Policy(null, block, p));
            }
        }
    }

    /** Sets a key's endorsement policy at {@code block}; a value written later keeps it, a delete drops it. */
    void applyPolicy(String key, byte[] policy, long block) {
        byte[] kept = policy == null || policy.length == 0 ? null : policy.clone();
        Policy before = policies.get(key);
        if (kept == null && (before == null || before.policy() == null)) {
            return;
        }
        policies.put(key, new Policy(kept, block, before));
    }

    /** Number of keys holding a value now. */
    int size() {
        int n = 0;
        for (Cell c : ordered.values()) {
            Slot s = c.head;
            if (s != null && s.entry() != null) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasSurrogate(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (Character.isSurrogate(key.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** What a reader at one height sees; reads take no lock. */
    final class Snapshot {
        private final long height;

        private Snapshot(long height) {
            this.height = height;
        }

        Entry get(String key) {
            if (surrogateKeySeen) {
                return visible(ordered.get(key));
            }
            Chain chain = byKey.get(key);
            Write w = chain == null ? null : chain.head;
            while (w != null && w.block() > height) {
                w = w.previous();
            }
            Entry entry = w == null ? null : w.entry();
            // Without surrogates, equal UTF-8 bytes mean equal strings, so a miss here is a miss in
            // the ordered map; a key read with a surrogate may still match a stored key's bytes ('?').
            return entry != null || !hasSurrogate(key) ? entry : visible(ordered.get(key));
        }

        /** Keys in [start, end) in UTF-8 order as of this height; an empty end means unbounded. */
        Iterable<Map.Entry<String, Entry>> range(String start, String end) {
            NavigableMap<String, Cell> slots;
            if (end == null || end.isEmpty()) {
                slots = ordered.tailMap(start, true);
            } else if (Utf8Order.INSTANCE.compare(start, end) >= 0) {
                slots = Collections.emptyNavigableMap();
            } else {
                slots = ordered.subMap(start, true, end, false);
            }
            return () -> new Visible(slots.values().iterator());
        }

        /** The first key after {@code after} and before {@code end} (empty: unbounded), or null. */
        Map.Entry<String, Entry> firstAfter(String after, String end) {
            NavigableMap<String, Cell> slots = ordered.tailMap(after, false);
            if (end != null && !end.isEmpty()) {
                if (Utf8Order.INSTANCE.compare(after, end) >= 0) {
                    return null;
                }
                slots = ordered.subMap(after, false, end, false);
            }
            Visible it = new Visible(slots.values().iterator());
            return it.hasNext() ? it.next() : null;
        }

        byte[] policy(String key) {
            Policy p = policies.get(key);
            while (p != null && p.block() > height) {
                p = p.previous();
            }
            return p == null || p.policy() == null ? null : p.policy().clone();
        }

        /** Newest first, as Fabric 2.x returns a key's history. */
        List<Modification> history(String key) {
            List<Modification> mods = new ArrayList<>();
            Chain chain = byKey.get(key);
            for (Write w = chain == null ? null : chain.head; w != null; w = w.previous()) {
                if (w.block() <= height) {
                    byte[] value = w.entry() == null ? null : w.entry().value();
                    mods.add(new Modification(w.txId(), w.timestamp(), value, value == null));
                }
            }
            return mods;
        }

        private Slot slot(Slot s) {
            while (s != null && s.block() > height) {
                s = s.previous();
            }
            return s;
        }

        private Entry visible(Cell c) {
            Slot at = c == null ? null : slot(c.head);
            return at == null ? null : at.entry();
        }

        /** The slots that hold a value at this height, as (key, entry), in order. */
        private final class Visible implements Iterator<Map.Entry<String, Entry>> {
            private final Iterator<Cell> slots;
            private Map.Entry<String, Entry> next;

            Visible(Iterator<Cell> slots) {
                this.slots = slots;
            }

            @Override
            public boolean hasNext() {
                while (next == null && slots.hasNext()) {
                    Slot s = slot(slots.next().head);
                    if (s != null && s.entry() != null) {
                        next = new AbstractMap.SimpleImmutableEntry<>(s.key(), s.entry());
                    }
                }
                return next != null;
            }

            @Override
            public Map.Entry<String, Entry> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, Entry> out = next;
                next = null;
                return out;
            }
        }
    }
}
