package org.depa.ledger.model.catalogue;

/**
 * The catalogue's transactions called as one identity: a request of the entry's type goes in, the
 * entry's result comes back. {@code TypedLedger} (ledger-client) implements it over a ledger
 * connection; code that only calls transactions, such as the onboarding fixture, takes this
 * interface so that it needs the model alone and ledger-client's own tests can use it.
 */
public interface TypedCalls {
    /** Endorses and commits {@code tx}; returns its result once committed. */
    <Q, R> R submit(Tx<Q, R> tx, Q request);

    /** Runs the query {@code tx} on the ledger's current state. */
    <Q, R> R evaluate(Tx<Q, R> tx, Q request);

    /** Runs a query that takes no arguments. */
    default <R> R evaluate(Tx<Void, R> tx) {
        return evaluate(tx, null);
    }
}
