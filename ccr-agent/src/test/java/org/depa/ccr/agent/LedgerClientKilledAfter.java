package org.depa.ccr.agent;

import org.depa.ledger.client.LedgerClient;

/** Commits {@code function}'s transaction, then dies before the agent hears the answer. */
final class LedgerClientKilledAfter extends ForwardingLedger {
    private final String function;

    LedgerClientKilledAfter(LedgerClient delegate, String function) {
        super(delegate);
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
}
