package org.depa.demo.inprocess;

import java.util.Set;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;

/**
 * A client that remembers the ids of the transactions it committed, so the demo can pick its own
 * events out of a ledger that other runs also wrote to.
 */
final class RecordingClient implements LedgerClient {
    private final LedgerClient inner;
    private final Set<String> committed;

    RecordingClient(LedgerClient inner, Set<String> committed) {
        this.inner = inner;
        this.committed = committed;
    }

    @Override
    public byte[] submit(String function, String... args) {
        EndorsedTransaction tx = inner.endorse(function, args);
        byte[] result = tx.submit();
        committed.add(tx.txId());
        return result;
    }

    @Override
    public byte[] evaluate(String function, String... args) {
        return inner.evaluate(function, args);
    }

    @Override
    public EndorsedTransaction endorse(String function, String... args) {
        return inner.endorse(function, args);
    }

    @Override
    public EventStream events(long startBlock) {
        return inner.events(startBlock);
    }

    @Override
    public LedgerIdentity identity() {
        return inner.identity();
    }

    @Override
    public void close() {
        inner.close();
    }
}
