package org.depa.audit.replay;

import org.depa.audit.report.CheckSink;

/**
 * A check that replays the ledger's committed writes, in commit order: the second phase of
 * issue 13 (contract signatures and activation, key releases, receipts and their attestation,
 * budgets, payments) plugs in here, so that the same domain checks run over the Fabric blocks
 * and, later, over the embedded ledger. Only transactions the peers marked valid are replayed.
 * No domain check is implemented yet.
 */
public interface WriteReplay {
    /** One valid transaction's writes to one namespace; results go to {@code sink}. */
    void transaction(CommittedTx tx, CheckSink sink);

    /** Called once after the last transaction (for end-of-ledger checks such as open budgets). */
    default void finish(CheckSink sink) {}
}
