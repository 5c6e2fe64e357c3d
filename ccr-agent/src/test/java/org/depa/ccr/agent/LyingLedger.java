package org.depa.ccr.agent;

import java.util.function.UnaryOperator;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;

/** A host that rewrites what one query answers: the agent must not believe it. */
final class LyingLedger implements LedgerClient {
    private final LedgerClient delegate;
    private final String function;
    private final UnaryOperator<String> rewrite;

    LyingLedger(LedgerClient delegate, String function, UnaryOperator<String> rewrite) {
        this.delegate = delegate;
        this.function = function;
        this.rewrite = rewrite;
    }

    @Override
    public byte[] submit(String fn, String... args) {
        return delegate.submit(fn, args);
    }

    @Override
    public byte[] evaluate(String fn, String... args) {
        byte[] answer = delegate.evaluate(fn, args);
        if (!fn.equals(function)) {
            return answer;
        }
        return rewrite.apply(new String(answer, java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
