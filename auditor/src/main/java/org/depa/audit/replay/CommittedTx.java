package org.depa.audit.replay;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One committed (valid) transaction's public writes to one namespace, in commit order, as a
 * ledger-neutral record: the Fabric audit produces them from the blocks; the embedded ledger's
 * lines can produce the same later.
 *
 * @param scope where it is, for reports ({@code block 12 tx 0 (txid)})
 * @param block the block (the embedded ledger: the line) number
 * @param index the transaction's index in its block
 * @param txId the transaction id
 * @param timestamp the transaction's timestamp (its channel header's)
 * @param creatorMspId the submitter's organisation
 * @param namespace the chaincode the writes belong to
 * @param writes the writes, in the order of the read-write set (sorted by key)
 */
public record CommittedTx(
        String scope,
        long block,
        int index,
        String txId,
        Instant timestamp,
        String creatorMspId,
        String namespace,
        List<Write> writes) {
    public CommittedTx {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(namespace, "namespace");
        writes = List.copyOf(writes);
    }

    /** One key written (or deleted); the value as stored, UTF-8 JSON for the depa chaincode. */
    public record Write(String key, String value, boolean delete) {}
}
