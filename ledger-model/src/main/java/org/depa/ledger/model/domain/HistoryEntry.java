package org.depa.ledger.model.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** One committed change of a ledger object, newest first in a history. */
public record HistoryEntry(String txId, String timestamp, boolean deleted, JsonNode value) {}
