package org.depa.payments.relay;

import java.io.IOException;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.PaymentStatus;

/**
 * Follows the ledger's events from a checkpoint: each receipt creates payment instructions, so
 * after each {@code ReceiptSubmitted} event the relay settles that run's contract; the checkpoint
 * is recorded after the event is handled, so a restart neither skips nor repeats a receipt (and a
 * repeat would pay nothing: the relay is idempotent). Instructions left waiting (an unfunded
 * escrow) are retried by {@link #retryWaiting()}. With an {@link EscrowCloser}, a contract's escrow
 * is closed and refunded to the TDC once the contract is finished and paid: after its receipt's
 * payments, and on {@code ContractRevoked} and {@code ContractExpired}.
 */
public final class RelayFollower {
    private final LedgerClient client;
    private final TypedLedger ledger;
    private final PaymentRelay relay;
    private final RelayJournal journal;
    private final EventCheckpoint checkpoint;
    private final EscrowCloser closer;
    private long receiptsFromStateThrough = -1;

    public RelayFollower(LedgerClient client, PaymentRelay relay, RelayJournal journal, EventCheckpoint checkpoint) {
        this(client, relay, journal, checkpoint, null);
    }

    /** A follower that also closes finished contracts' escrows ({@code closer} may be null: it does not). */
    public RelayFollower(
            LedgerClient client,
            PaymentRelay relay,
            RelayJournal journal,
            EventCheckpoint checkpoint,
            EscrowCloser closer) {
        this.closer = closer;
        this.client = client;
        this.ledger = new TypedLedger(client);
        this.relay = relay;
        this.journal = journal;
        this.checkpoint = checkpoint;
    }

    /**
     * Receipts committed in blocks up to {@code block} are not settled as events: their PENDING
     * instructions were read from the ledger's state into the journal ({@link StateCatchUp}) and
     * the retry pass settles them, so an old receipt holds nothing up.
     */
    void receiptsFromStateThrough(long block) {
        this.receiptsFromStateThrough = block;
    }

    /** Handles at most {@code max} events (blocking for new ones); returns how many it handled. */
    public int follow(int max) throws IOException, InterruptedException {
        int[] handled = {0};
        return follow(e -> ++handled[0] >= max, max);
    }

    /**
     * Handles events (blocking for new ones) up to and including the first for which {@code last}
     * is true; returns how many it handled. The demo follows until its run's receipt.
     */
    public int followUntil(java.util.function.Predicate<LedgerEventRecord> last)
            throws IOException, InterruptedException {
        return follow(last, Integer.MAX_VALUE);
    }

    private int follow(java.util.function.Predicate<LedgerEventRecord> last, int max)
            throws IOException, InterruptedException {
        if (max <= 0) {
            return 0;
        }
        int handled = 0;
        try (LedgerClient.EventStream events = checkpoint.resume(client)) {
            boolean done = false;
            while (!done && events.hasNext()) {
                LedgerEventRecord e = events.next();
                handle(e);
                checkpoint.record(e);
                handled++;
                done = last.test(e);
            }
        }
        return handled;
    }

    /**
     * Acts on one event: a receipt's instructions are settled and its contract's escrow closed once
     * paid; a revoked or expired contract's escrow is closed. Other events need nothing. The caller
     * records the checkpoint afterwards; handling an event again pays nothing twice (the journal
     * and the escrow's own state guard every step).
     */
    public void handle(LedgerEventRecord e) throws IOException, InterruptedException {
        if (EventType.RECEIPT_SUBMITTED.wireName().equals(e.name()) && e.blockNumber() <= receiptsFromStateThrough) {
            return;
        }
        if (EventType.RECEIPT_SUBMITTED.wireName().equals(e.name())) {
            LedgerEvent event = Json.read(e.payload(), LedgerEvent.class);
            String contractId = ledger.evaluate(Runs.GET, event.objectId()).contractId();
            relay.settleAll(ledger.evaluate(Payments.LIST_BY_CONTRACT, contractId));
            closeIfFinished(contractId);
        } else if (EventType.CONTRACT_REVOKED.wireName().equals(e.name())
                || EventType.CONTRACT_EXPIRED.wireName().equals(e.name())) {
            closeIfFinished(Json.read(e.payload(), LedgerEvent.class).objectId());
        }
    }

    /**
     * Settles again every instruction the journal has not seen recorded (waiting, signed or mined),
     * then closes the escrows of the contracts that are now paid.
     */
    public void retryWaiting() throws IOException, InterruptedException {
        java.util.Set<String> contracts = new java.util.TreeSet<>();
        java.util.List<org.depa.ledger.model.domain.PaymentInstruction> again = new java.util.ArrayList<>();
        for (JournalEntry e : journal.all()) {
            if (e.state() != JournalEntry.State.RECORDED) {
                var p = ledger.evaluate(Payments.GET, e.paymentId());
                if (p.status() == PaymentStatus.PENDING || e.state() != JournalEntry.State.WAITING) {
                    again.add(p);
                }
            }
        }
        java.util.List<PaymentRelay.Outcome> outcomes = relay.settleAll(again);
        for (int i = 0; i < again.size(); i++) {
            if (outcomes.get(i).status() == PaymentStatus.SETTLED) {
                contracts.add(again.get(i).contractId());
            }
        }
        for (String c : contracts) {
            closeIfFinished(c);
        }
        journal.flush(); // the RECORDED entries kept since the last sync, written once per pass
    }

    /** Whether {@code e} is the {@code ReceiptSubmitted} event of run {@code runId}. */
    public static boolean isReceiptOf(LedgerEventRecord e, String runId) {
        return EventType.RECEIPT_SUBMITTED.wireName().equals(e.name())
                && runId.equals(Json.read(e.payload(), LedgerEvent.class).objectId());
    }

    private void closeIfFinished(String contractId) {
        if (closer != null) {
            closer.close(contractId);
        }
    }
}
