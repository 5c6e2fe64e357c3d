package org.depa.ledger.model.domain;

/**
 * The one event a transaction emits. {@code type} is also the Fabric event name.
 *
 * @param objectType the kind of object changed, as in {@code audit:history}
 * @param objectId the changed object's id (composite ids joined with '/')
 */
public record LedgerEvent(
        String type, String objectType, String objectId, String actor, String txId, String timestamp) {}
