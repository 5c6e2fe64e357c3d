package org.depa.ccr.agent;

import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;

/** A LedgerClient that forwards everything; tests override the one call a bad host tampers with. */
abstract class ForwardingLedger implements LedgerClient {
    final LedgerClient delegate;

    ForwardingLedger(LedgerClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] submit(String fn, String... args) {
        return delegate.submit(fn, args);
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
