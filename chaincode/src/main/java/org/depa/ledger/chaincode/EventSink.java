package org.depa.ledger.chaincode;

import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.domain.LedgerEvent;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Emits the transaction's single event. Fabric keeps only the last event a transaction sets, so a
 * second emit is a programming error and fails loudly rather than silently dropping the first.
 */
public final class EventSink {
    private final ChaincodeStub stub;
    private final java.time.Instant now;
    private boolean emitted;

    EventSink(ChaincodeStub stub, java.time.Instant now) {
        this.stub = stub;
        this.now = now;
    }

    public void emit(EventType type, ObjectType objectType, String objectId, String actor) {
        if (emitted) {
            throw new IllegalStateException("a transaction emits one event; " + type + " was a second");
        }
        emitted = true;
        LedgerEvent event =
                new LedgerEvent(type.wireName(), objectType.prefix(), objectId, actor, stub.getTxId(), now.toString());
        stub.setEvent(type.wireName(), Json.canonical(event));
    }
}
