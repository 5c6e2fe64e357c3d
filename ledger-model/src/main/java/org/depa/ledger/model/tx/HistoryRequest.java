package org.depa.ledger.model.tx;

/** audit:history: every committed change of one object, newest first. */
public record HistoryRequest(String objectType, String id) {}
