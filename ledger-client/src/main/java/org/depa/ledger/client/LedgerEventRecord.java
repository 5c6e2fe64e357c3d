package org.depa.ledger.client;

/**
 * A committed chaincode event and where it sits on the ledger.
 *
 * @param blockNumber the block that committed the transaction; resume from {@code blockNumber + 1}
 */
public record LedgerEventRecord(long blockNumber, String txId, String name, byte[] payload) {}
