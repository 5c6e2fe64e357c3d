package org.depa.payments.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.tx.ContractActionRequest;

/**
 * The relay service's part in expiry by time alone: it puts each activated contract on the {@link
 * ExpiryWatch}, and once the relay's clock is past a watched contract's validUntil (plus a grace)
 * it submits {@code contracts:expire}. The chaincode decides with the transaction's own time, so a
 * relay whose clock runs ahead gets refusals (logged, tried again on a later pass), never an early
 * expiry. The {@code ContractExpired} event then closes the escrow (the follower).
 */
final class ExpiryRecorder {
    private final TypedLedger ledger;
    private final ExpiryWatch watch;
    private final Clock clock;
    private final Duration grace;
    private final Consumer<String> log;

    ExpiryRecorder(TypedLedger ledger, ExpiryWatch watch, Clock clock, Duration grace, Consumer<String> log) {
        this.ledger = ledger;
        this.watch = watch;
        this.clock = clock;
        this.grace = grace;
        this.log = log;
    }

    /** Puts the contract of a {@code ContractActivated} event on the watch (other events: nothing). */
    void watchIfActivated(LedgerEventRecord e) {
        if (EventType.CONTRACT_ACTIVATED.wireName().equals(e.name())) {
            String id = Json.read(e.payload(), LedgerEvent.class).objectId();
            ContractRecord c = ledger.evaluate(Contracts.GET, id);
            if (!c.status().isFinal()) {
                watch.add(id, Instant.parse(c.terms().validUntil()));
            }
        }
    }

    /** Records the expiry of each watched contract whose validity has passed by the relay's clock. */
    void expireDue() {
        for (String id : watch.due(clock.instant().minus(grace))) {
            ContractRecord c = ledger.evaluate(Contracts.GET, id);
            if (c.status().isFinal()) {
                watch.remove(id);
                continue;
            }
            try {
                ledger.submit(Contracts.EXPIRE, new ContractActionRequest(id, null, null));
                watch.remove(id);
                log.accept("contract " + id + " expired (validUntil "
                        + c.terms().validUntil() + "); its escrow is closed when the ContractExpired event comes");
            } catch (LedgerException refused) {
                if (refused.retryable()) {
                    throw refused;
                }
                // e.g. the ledger's time (the transaction's) is not yet past validUntil: try again later.
                log.accept("contract " + id + " not expired yet: " + refused.getMessage());
            }
        }
    }

    /** How many contracts are watched. */
    int watched() {
        return watch.size();
    }
}
