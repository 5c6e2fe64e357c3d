package org.depa.ledger.client;

import java.util.Objects;
import org.depa.ledger.model.catalogue.Tx;

/**
 * Typed calls over a {@link LedgerClient}: a catalogue entry and its request go in, the entry's
 * result type comes back. A request of the wrong type for a transaction does not compile.
 * Serialisation is the model's own strict, canonical JSON.
 */
public final class TypedLedger {
    private final LedgerClient client;

    public TypedLedger(LedgerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public LedgerClient client() {
        return client;
    }

    /** Endorses and commits {@code tx}; returns its result once committed. */
    public <Q, R> R submit(Tx<Q, R> tx, Q request) {
        return tx.result(submitBytes(tx, request));
    }

    /** Runs the query {@code tx} on the ledger's current state. */
    public <Q, R> R evaluate(Tx<Q, R> tx, Q request) {
        return tx.result(evaluateBytes(tx, request));
    }

    /** Runs a query that takes no arguments. */
    public <R> R evaluate(Tx<Void, R> tx) {
        return evaluate(tx, null);
    }

    /** As {@link #submit}, the chaincode's canonical JSON unparsed: for callers that pass it on (the gateway). */
    public <Q> byte[] submitBytes(Tx<Q, ?> tx, Q request) {
        requireIntent(tx, Tx.Intent.SUBMIT);
        return client.submit(tx.name(), tx.encode(request));
    }

    /** As {@link #evaluate}, the chaincode's canonical JSON unparsed. */
    public <Q> byte[] evaluateBytes(Tx<Q, ?> tx, Q request) {
        requireIntent(tx, Tx.Intent.EVALUATE);
        return client.evaluate(tx.name(), tx.encode(request));
    }

    /** Endorses {@code tx} without committing it (see {@link LedgerClient#endorse}). */
    public <Q> LedgerClient.EndorsedTransaction endorse(Tx<Q, ?> tx, Q request) {
        requireIntent(tx, Tx.Intent.SUBMIT);
        return client.endorse(tx.name(), tx.encode(request));
    }

    // A query submitted would be ordered and committed for nothing; a write evaluated would be
    // silently dropped. Either is a caller's mistake, so it fails before reaching the ledger.
    private static void requireIntent(Tx<?, ?> tx, Tx.Intent intent) {
        if (tx.intent() != intent) {
            throw new IllegalArgumentException(
                    tx.name() + " is " + (tx.intent() == Tx.Intent.SUBMIT ? "a write" : "a query") + "; it cannot be "
                            + (intent == Tx.Intent.SUBMIT ? "submitted" : "evaluated"));
        }
    }
}
