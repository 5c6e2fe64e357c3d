package org.depa.ccr.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.ledger.client.LedgerClient;

/** Counts the transactions submitted through it, by name: what a step wrote, and what it did not. */
final class CountingLedger extends ForwardingLedger {
    private final Map<String, Integer> submitted = new ConcurrentHashMap<>();

    CountingLedger(LedgerClient delegate) {
        super(delegate);
    }

    @Override
    public byte[] submit(String fn, String... args) {
        byte[] result = delegate.submit(fn, args);
        submitted.merge(fn, 1, Integer::sum);
        return result;
    }

    int submitted(String fn) {
        return submitted.getOrDefault(fn, 0);
    }
}
