package org.depa.ledger.client;

import java.util.Iterator;

/**
 * A connection to the contract ledger bound to one caller identity. The embedded ledger and the
 * Fabric network implement it alike, so callers choose a ledger by configuration alone.
 *
 * <p>Function names are the chaincode's {@code contract:transaction} names, e.g.
 * {@code contracts:sign}; results are the chaincode's canonical JSON bytes.
 */
public interface LedgerClient extends AutoCloseable {

    /** Endorses and commits a transaction; returns its result once committed. */
    byte[] submit(String function, String... args);

    /** Runs a query on the ledger's current state; nothing is written. */
    byte[] evaluate(String function, String... args);

    /**
     * Endorses a transaction without committing it, so a caller can hold it and commit later
     * (and so observe what another commit in between does to it).
     */
    EndorsedTransaction endorse(String function, String... args);

    /**
     * Endorses on the peers of the named organisations only (Fabric's
     * {@code setEndorsingOrganizations}), so a test can show the commit-time policy check refusing
     * a write its required organisations did not endorse. Both ledgers validate the same policies.
     */
    default EndorsedTransaction endorse(String function, String[] endorsingOrgs, String... args) {
        throw new UnsupportedOperationException("this ledger client cannot choose its endorsing organisations");
    }

    /**
     * Chaincode events from {@code startBlock} on, in commit order; the iterator blocks for new
     * events until closed. Resume after a restart by passing the block after the last one handled.
     */
    EventStream events(long startBlock);

    /**
     * The number of the last block the ledger has committed: events of later blocks are new. A
     * consumer starting without a checkpoint reads the state as of this block rather than replaying
     * every event since block 0.
     *
     * @throws UnsupportedOperationException when this client cannot tell (the consumer replays)
     */
    default long lastBlock() {
        throw new UnsupportedOperationException("this ledger client cannot tell the ledger's last block");
    }

    /** The identity this client submits as. */
    LedgerIdentity identity();

    @Override
    void close();

    /** A simulated transaction awaiting commit. */
    interface EndorsedTransaction {
        String txId();

        /** The result the chaincode returned when endorsing. */
        byte[] result();

        /** Commits; throws {@link LedgerException} with stage COMMIT if validation refuses it. */
        byte[] submit();
    }

    /** A closeable, blocking iterator of events. */
    interface EventStream extends Iterator<LedgerEventRecord>, AutoCloseable {
        @Override
        void close();
    }
}
