package org.depa.ccr.agent;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.depa.ledger.client.LedgerClient;

/** A host that rewrites what one query answers: the agent must not believe it. */
final class LyingLedger extends ForwardingLedger {
    private final String function;
    private final UnaryOperator<String> rewrite;

    LyingLedger(LedgerClient delegate, String function, UnaryOperator<String> rewrite) {
        super(delegate);
        this.function = function;
        this.rewrite = rewrite;
    }

    @Override
    public byte[] evaluate(String fn, String... args) {
        byte[] answer = delegate.evaluate(fn, args);
        if (!fn.equals(function)) {
            return answer;
        }
        return rewrite.apply(new String(answer, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
}
