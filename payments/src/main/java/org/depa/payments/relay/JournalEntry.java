package org.depa.payments.relay;

/**
 * What the relay knows about one payment instruction, persisted before each step's effect.
 *
 * @param state WAITING (not sent: {@code reason} says why), SIGNED (the transaction with
 *     {@code nonce} is signed and written down, maybe sent, maybe mined and recorded: a restart
 *     asks the chain and the ledger), MINED ({@code blockNumber}; held in memory only since the
 *     journal is synced once per settlement, read from older journals), RECORDED (written with the
 *     next sync)
 * @param rawTx the signed transaction, re-sent as is after a timeout or a crash (same nonce, same
 *     hash: never a second payout)
 */
public record JournalEntry(
        String paymentId,
        State state,
        Long nonce,
        String rawTx,
        String txHash,
        Long blockNumber,
        String reason,
        int attempts) {
    public enum State {
        WAITING,
        SIGNED,
        MINED,
        RECORDED
    }

    static JournalEntry waiting(String paymentId, String reason, int attempts) {
        return new JournalEntry(paymentId, State.WAITING, null, null, null, null, reason, attempts);
    }

    JournalEntry signed(long n, String raw, String hash) {
        return new JournalEntry(paymentId, State.SIGNED, n, raw, hash, null, null, attempts + 1);
    }

    JournalEntry mined(String hash, long block) {
        return new JournalEntry(paymentId, State.MINED, nonce, rawTx, hash, block, null, attempts);
    }

    JournalEntry recorded() {
        return new JournalEntry(paymentId, State.RECORDED, nonce, rawTx, txHash, blockNumber, null, attempts);
    }
}
