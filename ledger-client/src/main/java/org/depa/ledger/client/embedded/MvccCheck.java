package org.depa.ledger.client.embedded;

import java.util.Map;
import java.util.Objects;

/** Fabric's MVCC validation: a transaction is invalid when a key or range it read changed after it was endorsed. */
final class MvccCheck {
    private MvccCheck() {}

    /** The first read that no longer holds, described for people; null when every read still holds. */
    static String findConflict(WorldState state, ReadWriteSet rw) {
        for (Map.Entry<String, Version> read : rw.reads.entrySet()) {
            WorldState.Entry now = state.get(read.getKey());
            Version current = now == null ? null : now.version();
            if (!Objects.equals(current, read.getValue())) {
                return "key " + printable(read.getKey());
            }
        }
        for (ReadWriteSet.RangeRead range : rw.rangeReads) {
            int i = 0;
            for (Map.Entry<String, WorldState.Entry> e : state.range(range.start(), range.end())) {
                if (i == range.seen().size()) {
                    if (range.complete()) {
                        return "range starting at " + printable(range.start()) + " (a phantom key "
                                + printable(e.getKey()) + ")";
                    }
                    break;
                }
                Map.Entry<String, Version> seen = range.seen().get(i++);
                if (!seen.getKey().equals(e.getKey())
                        || !seen.getValue().equals(e.getValue().version())) {
                    return "range starting at " + printable(range.start());
                }
            }
            if (i < range.seen().size()) {
                return "range starting at " + printable(range.start()) + " (a key was deleted)";
            }
        }
        return null;
    }

    private static String printable(String key) {
        return key.replace('\u0000', '/');
    }
}
