package org.depa.ccr.agent;

import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;

/** Commits {@code function}'s transaction, then dies before the agent hears the answer. */
final class LedgerClientKilledAfter implements LedgerClient {
    private final LedgerClient delegate;
    private final String function;

    LedgerClientKilledAfter(LedgerClient delegate, String function) {
        this.delegate = delegate;
        this.function = function;
    }

    @Override
    public byte[] submit(String fn, String... args) {
        byte[] result = delegate.submit(fn, args);
        if (fn.equals(function)) {
            throw new AgentWorld.Killed();
        }
        return result;
    }

    @Override
    public byte[] evaluate(String fn, String... args) {
        return delegate.evaluate(fn, args);
    }

    @Override
    public EndorsedTransaction endorse(String fn, String... args) {
        return delegate.endorse(fn, args);
    }

    @Override
    public EventStream events(long startBlock) {
        return delegate.events(startBlock);
    }

    @Override
    public LedgerIdentity identity() {
        return delegate.identity();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
