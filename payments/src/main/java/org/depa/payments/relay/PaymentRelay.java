package org.depa.payments.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.tx.DeferPaymentRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.Settlement;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Settles the ledger's payment instructions on chain exactly once and records each settlement on
 * the ledger. Per instruction: skip it if the ledger has it SETTLED; if the chain already paid it
 * (the escrow's {@code settled[id]}), take that payout; else simulate (an unfunded escrow leaves
 * it WAITING with the reason, retried later); sign with an explicit nonce and write the signed
 * transaction to the journal before sending; re-send the same bytes until mined; wait for N
 * confirmations, re-checking the receipt (a reorganised chain drops it: the same bytes are sent
 * again); then record chain id, hash and block on the ledger as the PAYMENT_RELAY participant.
 * Receipts and the chain's head are asked for every {@link Chain#pollInterval()} of the chain.
 */
public final class PaymentRelay {
    /**
     * How many settlements {@link #settleAll} keeps in flight: a node's pool keeps a limited number
     * of one sender's queued transactions (geth: 16 per account by default).
     */
    public static final int MAX_IN_FLIGHT = 16;

    /**
     * The thread (one per JVM) that asks the node for a round's checks while {@link #settleAll}
     * signs the round: its CPU is the relay's too (the benchmark adds it).
     */
    public static final String CHECKS_THREAD = "payment-relay-checks";

    private final ChainSender chain;
    private final TypedLedger ledger;
    private final String relayId;
    private final RelayJournal journal;
    private final int confirmations;
    private final Duration resendAfter;
    private final long poll;
    private final RelayHook hook;
    private final PaymentFacts facts;

    public PaymentRelay(RelayConfig config, TypedLedger ledger, RelayJournal journal, RelayHook hook) {
        this.chain = new ChainSender(config.chain(), config.key(), config.deployment());
        this.ledger = ledger;
        this.relayId = config.relayParticipantId();
        this.journal = journal;
        this.confirmations = config.confirmations();
        this.resendAfter = config.resendAfter();
        this.poll = config.chain().pollInterval().toMillis();
        this.hook = hook;
        this.facts = new PaymentFacts(ledger);
    }

    PaymentFacts facts() {
        return facts;
    }

    String relayId() {
        return relayId;
    }

    int confirmations() {
        return confirmations;
    }

    long pollMillis() {
        return poll;
    }

    Duration resendAfter() {
        return resendAfter;
    }

    /** The outcome of one pass over one instruction. */
    public record Outcome(String paymentId, PaymentStatus status, String txHash, Long blockNumber, String reason) {}

    /** Settles every PENDING instruction of {@code contractId}; returns one outcome per instruction. */
    public java.util.List<Outcome> settleContract(String contractId) throws IOException, InterruptedException {
        java.util.List<Outcome> out = new java.util.ArrayList<>();
        for (PaymentInstruction p : ledger.evaluate(Payments.LIST_BY_CONTRACT, contractId)) {
            out.add(settle(p));
        }
        return out;
    }

    public synchronized Outcome settle(PaymentInstruction p) throws IOException, InterruptedException {
        String id = p.paymentId();
        if (p.status() == PaymentStatus.SETTLED) {
            journal.get(id)
                    .filter(e -> e.state() != JournalEntry.State.RECORDED)
                    .ifPresent(e -> journal.putLater(e.recorded()));
            return new Outcome(id, PaymentStatus.SETTLED, p.externalTxHash(), p.blockNumber(), null);
        }
        return advance(p, journal.get(id).orElse(JournalEntry.waiting(id, null, 0)), false);
    }

    /**
     * Settles several instructions with their transactions in flight together (up to {@link
     * #MAX_IN_FLIGHT} at a time): each checked and simulated, all signed with consecutive nonces
     * and written to the journal (synced once) before the first is sent, then sent back to back,
     * then each taken on from its receipt as {@link #settle} does. What does not fit (an
     * instruction already under way in the journal, a refusal, a second instruction of a contract
     * whose escrow cannot cover both) goes one at a time after. Outcomes in the order given.
     */
    public synchronized java.util.List<Outcome> settleAll(java.util.List<PaymentInstruction> instructions)
            throws IOException, InterruptedException {
        java.util.List<Outcome> out = new java.util.ArrayList<>();
        for (int i = 0; i < instructions.size(); i += MAX_IN_FLIGHT) {
            out.addAll(new SettlementBatch(this, chain, ledger, journal, hook)
                    .settle(instructions.subList(i, Math.min(instructions.size(), i + MAX_IN_FLIGHT))));
        }
        return out;
    }

    /**
     * Takes {@code p} on from journal entry {@code e}; {@code sent}: this pass has just sent its
     * signed transaction (so the first look for the receipt does not send it again).
     */
    Outcome advance(PaymentInstruction p, JournalEntry e, boolean sent) throws IOException, InterruptedException {
        String id = p.paymentId();
        boolean minedNow = false;
        while (true) {
            switch (e.state()) {
                case WAITING -> {
                    Optional<PayoutAccounts> payout = facts.payout(p);
                    String s = payout.map(a -> settlement(p, a).callData()).orElse(null);
                    Optional<String> refusal = s == null
                            ? Optional.of("the contract's signed terms name no payout accounts for TDP '" + p.payeeId()
                                    + "' (its dataset terms' payout): nothing can be paid")
                            : chain.simulate(s);
                    if (refusal.isPresent()) {
                        // Paid already (a relay that lost its journal)? settled[id] is one eth_call, the
                        // logs (a scan) only when it says paid. A simulation that passes proves it unpaid:
                        // the escrow checks settled[id] first.
                        Optional<Log> paid = chain.settledOnChain(id) ? chain.settledLog(id) : Optional.empty();
                        if (paid.isPresent()) {
                            e = new JournalEntry(
                                    id,
                                    JournalEntry.State.SIGNED,
                                    null,
                                    null,
                                    paid.get().getTransactionHash(),
                                    null,
                                    null,
                                    e.attempts());
                            journal.put(e);
                            continue;
                        }
                        journal.put(JournalEntry.waiting(id, refusal.get(), e.attempts()));
                        showOnLedger(p, refusal.get());
                        return new Outcome(id, PaymentStatus.PENDING, null, null, refusal.get());
                    }
                    hook.at("checked", id);
                    Sent out = signAndSend(e, s, null);
                    // Refused for the price or the nonce kept: that transaction is in no pool and
                    // never will be, so it is signed again (once; a second refusal is left to the
                    // receipt's wait, which re-sends the journal's bytes).
                    if (out.refusal().filter(ChainSender::feeRefused).isPresent()) {
                        chain.forgetPrice();
                        out = signAndSend(out.entry(), s, out.entry().nonce());
                    } else if (out.refusal().filter(ChainSender::nonceRefused).isPresent()) {
                        chain.forgetNonce();
                        out = signAndSend(out.entry(), s, null);
                    }
                    e = out.entry();
                    sent = true;
                }
                case SIGNED -> {
                    Optional<TransactionReceipt> r = awaitReceipt(e, sent);
                    sent = false;
                    if (r.isEmpty()) {
                        // Our nonce was taken by no transaction of ours that paid this: sign again.
                        chain.forgetNonce();
                        e = JournalEntry.waiting(id, "the signed transaction was dropped; signing again", e.attempts());
                        journal.put(e);
                        continue;
                    }
                    if (!r.get().isStatusOK()) {
                        e = JournalEntry.waiting(
                                id, "the settlement transaction " + e.txHash() + " reverted", e.attempts());
                        journal.put(e);
                        continue;
                    }
                    // Not written: a restart finds the receipt of the SIGNED entry's bytes before
                    // it sends anything (RelayKillTest kills here and after the record).
                    e = e.mined(
                            r.get().getTransactionHash(),
                            r.get().getBlockNumber().longValueExact());
                    hook.at("mined", id);
                    // One confirmation is the receipt just read: no second look at it and the head.
                    minedNow = confirmations == 1;
                }
                case MINED -> {
                    // The confirmations the payout had: counted from the chain's head after the
                    // wait; with one asked for, the receipt just read is it (no call for the head).
                    long seen = minedNow ? 1 : confirmed(e);
                    if (seen < 0) {
                        // Reorganised away: back to SIGNED, the same bytes go out again.
                        e = new JournalEntry(
                                id,
                                JournalEntry.State.SIGNED,
                                e.nonce(),
                                e.rawTx(),
                                e.txHash(),
                                null,
                                null,
                                e.attempts());
                        journal.put(e);
                        continue;
                    }
                    hook.at("after-confirm", id);
                    PaymentInstruction recorded = ledger.submit(
                            Payments.SETTLE,
                            new SettlePaymentRequest(
                                    id, relayId, chain.chain().chainId(), e.txHash(), e.blockNumber(), seen));
                    hook.at("after-record", id);
                    // Written with the next sync: lost, the entry stays SIGNED and the next pass
                    // finds the instruction SETTLED on the ledger.
                    journal.putLater(e.recorded());
                    return new Outcome(id, recorded.status(), recorded.externalTxHash(), recorded.blockNumber(), null);
                }
                case RECORDED -> {
                    return new Outcome(id, PaymentStatus.SETTLED, e.txHash(), e.blockNumber(), null);
                }
            }
        }
    }

    /** A signed transaction as written to the journal, and the node's refusal of it (empty: taken). */
    private record Sent(JournalEntry entry, Optional<String> refusal) {}

    /**
     * Signs the settlement call {@code settleCall} with {@code nonce} (null: the next one), writes it to the journal (synced:
     * the one write exactly-once needs, before the send), sends it.
     */
    private Sent signAndSend(JournalEntry e, String settleCall, Long nonce) throws IOException {
        long n = nonce != null ? nonce : chain.nextNonces(journal.highestNonce(), 1);
        String raw = chain.sign(settleCall, n, chain.gasPrice());
        JournalEntry signed = e.signed(n, raw, ChainSender.hashOf(raw));
        journal.put(signed);
        hook.at("before-send", e.paymentId());
        Optional<String> refused = chain.send(raw);
        hook.at("after-send", e.paymentId());
        return new Sent(signed, refused);
    }

    /**
     * Records on the ledger why {@code p} stays PENDING (payments:defer), so the TDC, the TDP and
     * the gateway see it; only when the reason changed, so retries do not fill the ledger.
     */
    private void showOnLedger(PaymentInstruction p, String reason) {
        String shown = reason.length() > 500 ? reason.substring(0, 497) + "..." : reason;
        if (!shown.equals(p.pendingReason())) {
            ledger.submit(Payments.DEFER, new DeferPaymentRequest(p.paymentId(), relayId, shown));
        }
    }

    /**
     * The receipt of the journal's transaction, re-sending its bytes each time {@code resendAfter}
     * passes; at once when this pass did not send them ({@code justSent} false: a restart, which
     * cannot know whether the send before it happened).
     */
    private Optional<TransactionReceipt> awaitReceipt(JournalEntry e, boolean justSent)
            throws IOException, InterruptedException {
        for (int round = 0; round < 20; round++) {
            Optional<TransactionReceipt> r = chain.receipt(e.txHash());
            if (r.isPresent()) {
                return r;
            }
            if (round == 0 && justSent) {
                // Sent a moment ago: poll for resendAfter before sending the same bytes again.
            } else if (round == 0 && e.nonce() != null) {
                // A restart: several may have been in flight, and a node holds a nonce back until
                // the ones below it come; send this relay's lower signed ones first, in order.
                for (JournalEntry lower : journal.all().stream()
                        .filter(x -> x.state() == JournalEntry.State.SIGNED
                                && x.rawTx() != null
                                && x.nonce() != null
                                && x.nonce() < e.nonce())
                        .sorted(java.util.Comparator.comparing(JournalEntry::nonce))
                        .toList()) {
                    chain.send(lower.rawTx());
                }
                chain.send(e.rawTx());
            } else if (e.rawTx() == null) {
                // A payout found in the escrow's logs: its receipt must be there.
                Thread.sleep(resendAfter.toMillis());
                continue;
            } else {
                Optional<String> error = chain.send(e.rawTx());
                if (error.isPresent()
                        && error.get().toLowerCase(java.util.Locale.ROOT).contains("nonce too low")) {
                    Optional<TransactionReceipt> mined = chain.receipt(e.txHash());
                    if (mined.isPresent()) {
                        return mined;
                    }
                    if (!chain.settledOnChain(e.paymentId())) {
                        return Optional.empty();
                    }
                }
            }
            long deadline = System.nanoTime() + resendAfter.toNanos();
            for (int looks = 1; System.nanoTime() < deadline; looks++) {
                chain.chain().awaitNextLook(looks);
                r = chain.receipt(e.txHash());
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        throw new IOException("transaction " + e.txHash() + " not mined after 20 re-sends");
    }

    /**
     * Waits for N confirmations and returns how many the transaction has (at least N), or -1 when
     * it left the chain (a reorganisation).
     */
    private long confirmed(JournalEntry e) throws IOException, InterruptedException {
        while (true) {
            Optional<TransactionReceipt> r = chain.receipt(e.txHash());
            if (r.isEmpty() || r.get().getBlockNumber().longValueExact() != e.blockNumber()) {
                return -1;
            }
            long seen = chain.head() - e.blockNumber() + 1;
            if (seen >= confirmations) {
                return seen;
            }
            Thread.sleep(poll);
        }
    }

    Settlement settlement(PaymentInstruction p, PayoutAccounts a) {
        return settlement(p, a, receiptHash(p.runId()));
    }

    /** As {@link #settlement(PaymentInstruction, PayoutAccounts)} with the run's receipt hash known. */
    static Settlement settlement(PaymentInstruction p, PayoutAccounts a, String receiptHash) {
        return new Settlement(
                p.paymentId(),
                p.contractId(),
                receiptHash,
                a.tdpAccount(),
                p.payeeMinor(),
                a.principalsAccount(),
                p.dataPrincipalMinor());
    }

    /** SHA-256 of the run's receipt as the ledger stores it (canonical JSON). */
    String receiptHash(String runId) {
        return facts.receiptHash(runId);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
