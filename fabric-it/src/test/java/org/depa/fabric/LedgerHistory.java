package org.depa.fabric;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.CheckSink;

/**
 * What kinds of object the ledger holds, counted from the valid transactions' writes the audit
 * replays, independently of the checks: so that {@link LedgerAuditAfterIT} can tell a ledger with
 * nothing to check (a fresh network, the other tests not run) from a check that did not run.
 */
final class LedgerHistory implements WriteReplay {
    /** The chaincode's object types (its composite keys' first part) a clean-room run writes. */
    static final List<String> CLEAN_ROOM_RUN =
            List.of("governance", "contract", "signature", "budget", "run", "key-release", "receipt", "payment");

    private final String namespace;
    private final Map<String, Long> writesByType = new TreeMap<>();

    LedgerHistory(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public void transaction(CommittedTx tx, CheckSink sink) {
        if (!tx.namespace().equals(namespace)) {
            return;
        }
        for (CommittedTx.Write w : tx.writes()) {
            String type = objectType(w.key());
            if (type != null && !w.delete()) {
                writesByType.merge(type, 1L, Long::sum);
            }
        }
    }

    /** The types of {@code expected} of which no object was ever written, in that order. */
    List<String> missing(List<String> expected) {
        return expected.stream().filter(t -> !writesByType.containsKey(t)).toList();
    }

    /** How many writes of each type, for the test's output. */
    Map<String, Long> writesByType() {
        return Map.copyOf(writesByType);
    }

    /** A composite key's type (U+0000, type, U+0000, ids...), or null for a plain key. */
    private static String objectType(String key) {
        if (key.length() < 2 || key.charAt(0) != '\u0000') {
            return null;
        }
        int end = key.indexOf('\u0000', 1);
        return end < 0 ? null : key.substring(1, end);
    }
}
