package org.depa.ledger.model.domain;

/** What the load probe wrote: its key and the transaction that wrote it. */
public record ProbeWrite(String key, String txId) {}
