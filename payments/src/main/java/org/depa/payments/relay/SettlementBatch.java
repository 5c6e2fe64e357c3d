package org.depa.payments.relay;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.payments.chain.Settlement;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * One round of {@link PaymentRelay#settleAll}: several settlements in flight at once. The order is
 * what keeps exactly-once: every transaction of the round is signed with consecutive nonces and
 * written to the journal, synced, before the first is sent (a crash before or during the sends
 * leaves each signed transaction on disk, re-sent as the same bytes, lower nonces first); after
 * the sends each is taken on from its receipt by the same steps as one at a time (confirmations,
 * a reorganisation, a revert, the ledger record). The profile showed the relay waiting on the node
 * and the disk one settlement at a time; here the waits overlap and the journal is synced once for
 * the round's signatures.
 */
final class SettlementBatch {
    private final PaymentRelay relay;
    private final ChainSender chain;
    private final TypedLedger ledger;
    private final RelayJournal journal;
    private final RelayHook hook;

    SettlementBatch(PaymentRelay relay, ChainSender chain, TypedLedger ledger, RelayJournal journal, RelayHook hook) {
        this.relay = relay;
        this.chain = chain;
        this.ledger = ledger;
        this.journal = journal;
        this.hook = hook;
    }

    /** An instruction of the round, its settlement's call data (encoded once) and signatures so far. */
    private record InFlight(PaymentInstruction instruction, String settleCall, int attempts) {}

    List<PaymentRelay.Outcome> settle(List<PaymentInstruction> instructions) throws IOException, InterruptedException {
        Map<String, PaymentRelay.Outcome> done = new LinkedHashMap<>();
        List<PaymentInstruction> oneAtATime = new ArrayList<>();
        List<InFlight> flight = new ArrayList<>();
        List<InFlight> candidates = new ArrayList<>();
        Map<String, Integer> perContract = new HashMap<>();
        for (PaymentInstruction p : instructions) {
            Optional<JournalEntry> j = journal.get(p.paymentId());
            if (p.status() != PaymentStatus.PENDING
                    || (j.isPresent() && j.get().state() != JournalEntry.State.WAITING)) {
                oneAtATime.add(p); // settled on the ledger, or under way: resumed from its journal
                continue;
            }
            // A receipt's instructions share their contract and run: each read once (PaymentFacts).
            Optional<PayoutAccounts> payout = relay.facts().payout(p);
            if (payout.isEmpty()) {
                oneAtATime.add(p); // the one-at-a-time path records why nothing can be paid
                continue;
            }
            Settlement s = PaymentRelay.settlement(p, payout.get(), relay.receiptHash(p.runId()));
            candidates.add(
                    new InFlight(p, s.callData(), j.map(JournalEntry::attempts).orElse(0)));
            perContract.merge(p.contractId(), 1, Integer::sum);
        }
        // The round's simulations, and the balance of each escrow with several instructions in
        // the round, in one request to the node; while the node answers, every candidate is
        // signed with consecutive nonces (the common case: all pass). Nothing is journalled or
        // sent before the answer: a refusal only means signing the rest again, from the same
        // first nonce, and giving back the nonces left over.
        java.util.concurrent.Future<ChainSender.Checks> asked = chain.checkAllLater(
                candidates.stream().map(InFlight::settleCall).toList(),
                perContract.entrySet().stream()
                        .filter(c -> c.getValue() > 1)
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList());
        long first = -1;
        List<JournalEntry> optimistic = List.of();
        ChainSender.Checks checks;
        try {
            if (!candidates.isEmpty()) {
                first = chain.nextNonces(journal.highestNonce(), candidates.size());
                optimistic = sign(candidates, first, 0);
            }
            checks = ChainSender.answer(asked);
        } catch (IOException | InterruptedException | RuntimeException e) {
            asked.cancel(true);
            chain.forgetNonce(); // the reserved nonces signed nothing that was kept
            throw e;
        }
        Map<String, Long> committed = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            InFlight f = candidates.get(i);
            PaymentInstruction p = f.instruction();
            long total = p.payeeMinor() + p.dataPrincipalMinor();
            long before = committed.getOrDefault(p.contractId(), 0L);
            // The simulation sees the escrow before this round's settlements: a second one of the
            // same contract waits unless the escrow covers both (never a transaction that reverts).
            if (before > 0 && checks.escrowBalances().get(p.contractId()) < before + total) {
                oneAtATime.add(p);
                continue;
            }
            if (checks.refusals().get(i).isPresent()) {
                oneAtATime.add(p); // a refusal (or paid already): the one-at-a-time path says which
                continue;
            }
            committed.put(p.contractId(), before + total);
            hook.at("checked", p.paymentId());
            flight.add(f);
        }
        if (first >= 0) {
            chain.returnNonces(first + flight.size());
        }
        if (!flight.isEmpty()) {
            List<JournalEntry> signed = flight.size() == candidates.size() ? optimistic : sign(flight, first, 0);
            journal.putAll(signed); // also writes the RECORDED entries kept since the last sync
            boolean signedAgain = false;
            for (int i = 0; i < signed.size(); i++) {
                JournalEntry e = signed.get(i);
                hook.at("before-send", e.paymentId());
                Optional<String> refused = chain.send(e.rawTx());
                hook.at("after-send", e.paymentId());
                if (i == 0
                        && !signedAgain
                        && refused.filter(ChainSender::feeRefused).isPresent()) {
                    // The first refused for the price kept: none of the round is in the node's pool,
                    // and none ever will be; the round is signed again with the same nonces, once.
                    chain.forgetPrice();
                    signed = sign(flight, e.nonce(), 1);
                    journal.putAll(signed);
                    signedAgain = true;
                    i = -1;
                } else if (refused.filter(ChainSender::nonceRefused).isPresent()) {
                    // Its nonce is used (the ones after it may not be): it is taken on alone after
                    // the round, found dropped and signed again with a nonce asked of the node.
                    chain.forgetNonce();
                }
            }
            afterSending(flight, signed, done);
        }
        for (PaymentInstruction p : oneAtATime) {
            done.put(p.paymentId(), relay.settle(p));
        }
        List<PaymentRelay.Outcome> out = new ArrayList<>();
        for (PaymentInstruction p : instructions) {
            out.add(done.get(p.paymentId()));
        }
        return out;
    }

    /**
     * The round signed with consecutive nonces from {@code first} and the gas price kept, {@code
     * earlier} signatures of this round already counted in each entry's attempts.
     */
    private List<JournalEntry> sign(List<InFlight> flight, long first, int earlier) throws IOException {
        long nonce = first;
        BigInteger price = chain.gasPrice();
        List<JournalEntry> signed = new ArrayList<>();
        for (InFlight f : flight) {
            String raw = chain.sign(f.settleCall(), nonce, price);
            signed.add(JournalEntry.waiting(f.instruction().paymentId(), null, f.attempts() + earlier)
                    .signed(nonce++, raw, ChainSender.hashOf(raw)));
        }
        return signed;
    }

    /**
     * The round's receipts, confirmations and ledger records, with the journal synced once per
     * step for the round. Whatever leaves the common path (no receipt in time, a revert, a
     * reorganisation before the confirmations) is taken on alone by {@link PaymentRelay#advance}
     * from its journal entry, which handles each of those.
     */
    private void afterSending(List<InFlight> flight, List<JournalEntry> signed, Map<String, PaymentRelay.Outcome> done)
            throws IOException, InterruptedException {
        Map<Integer, JournalEntry> alone = new LinkedHashMap<>();
        List<Integer> mined = new ArrayList<>();
        long deadline = System.nanoTime() + relay.resendAfter().toNanos();
        for (int i = 0; i < flight.size(); i++) {
            JournalEntry e = signed.get(i);
            Optional<TransactionReceipt> r = chain.receipt(e.txHash());
            for (int looks = 1; r.isEmpty() && System.nanoTime() < deadline; looks++) {
                chain.chain().awaitNextLook(looks);
                r = chain.receipt(e.txHash());
            }
            if (r.isEmpty() || !r.get().isStatusOK()) {
                alone.put(i, e);
                continue;
            }
            JournalEntry m = e.mined(
                    r.get().getTransactionHash(), r.get().getBlockNumber().longValueExact());
            signed.set(i, m);
            mined.add(i);
        }
        // MINED is not written: a restart finds the receipts of the SIGNED entries' bytes first.
        for (int i : mined) {
            hook.at("mined", signed.get(i).paymentId());
        }
        List<Integer> confirmed = new ArrayList<>();
        if (relay.confirmations() == 1) {
            confirmed.addAll(mined); // the receipt just read is the one confirmation
        } else if (!mined.isEmpty()) {
            long last = mined.stream()
                    .mapToLong(i -> signed.get(i).blockNumber())
                    .max()
                    .orElseThrow();
            while (chain.head() - last + 1 < relay.confirmations()) {
                Thread.sleep(relay.pollMillis());
            }
            for (int i : mined) {
                JournalEntry m = signed.get(i);
                Optional<TransactionReceipt> r = chain.receipt(m.txHash());
                if (r.isPresent() && r.get().getBlockNumber().longValueExact() == m.blockNumber()) {
                    confirmed.add(i);
                } else {
                    alone.put(i, m); // reorganised away: advance sends the same bytes again
                }
            }
        }
        long head = confirmed.isEmpty() ? 0 : chain.head();
        List<JournalEntry> recorded = new ArrayList<>();
        for (int i : confirmed) {
            JournalEntry m = signed.get(i);
            hook.at("after-confirm", m.paymentId());
            PaymentInstruction p = ledger.submit(
                    Payments.SETTLE,
                    new SettlePaymentRequest(
                            m.paymentId(),
                            relay.relayId(),
                            chain.chain().chainId(),
                            m.txHash(),
                            m.blockNumber(),
                            Math.max(1, head - m.blockNumber() + 1)));
            hook.at("after-record", m.paymentId());
            recorded.add(m.recorded());
            done.put(
                    m.paymentId(),
                    new PaymentRelay.Outcome(m.paymentId(), p.status(), p.externalTxHash(), p.blockNumber(), null));
        }
        // Written with the next round's sync: lost, each stays SIGNED and is found SETTLED.
        recorded.forEach(journal::putLater);
        for (Map.Entry<Integer, JournalEntry> a : alone.entrySet()) {
            done.put(
                    a.getValue().paymentId(),
                    relay.advance(flight.get(a.getKey()).instruction(), a.getValue(), false));
        }
    }
}
