package org.depa.audit.domain;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * Payments follow receipts and terms: a receipt's transaction creates exactly one PENDING
 * instruction per TDP of the contract, for the sum of that TDP's clauses, from the TDC, in the
 * contract's currency, with the data principals' share rounded down; no instruction appears
 * without its receipt; settling records the chain transaction and changes no amount or party.
 */
final class PaymentCheck implements DomainCheck {
    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        Map<String, Set<String>> paidByRun = new TreeMap<>();
        for (DomainTx.Entry e : tx.of(Types.PAYMENT)) {
            PaymentInstruction p;
            try {
                p = e.as(PaymentInstruction.class);
            } catch (RecordException bad) {
                continue;
            }
            PaymentInstruction was = before.payments.get(p.paymentId());
            String problem = !e.key.id(0).equals(p.paymentId())
                    ? "instruction " + p.paymentId() + " is stored under " + e.key
                    : was == null ? creationProblem(tx, before, p) : updateProblem(before, was, p);
            if (was == null) {
                paidByRun.computeIfAbsent(p.runId(), k -> new TreeSet<>()).add(p.payeeId());
            }
            sink.verdict(
                    Checks.PAYMENT,
                    tx.scope("payment " + p.paymentId()),
                    problem,
                    p.status() + " " + p.amountMinor() + " " + p.currency() + " from " + p.payerId() + " to "
                            + p.payeeId() + " (" + p.dataPrincipalMinor()
                            + " to its data principals), as the terms say");
        }
        for (DomainTx.Entry e : tx.of(Types.RECEIPT)) {
            try {
                String runId = e.as(TrainingReceipt.class).body().runId();
                TrainingRun run = before.runs.get(runId);
                ContractRecord c = run == null ? null : before.contracts.get(run.contractId());
                if (c == null) {
                    continue; // ReceiptCheck reports it
                }
                Set<String> expected = new TreeSet<>();
                c.terms().datasets().forEach(d -> expected.add(d.tdpId()));
                Set<String> paid = paidByRun.getOrDefault(runId, Set.of());
                if (!expected.equals(paid)) {
                    sink.fail(
                            Checks.PAYMENT,
                            tx.scope("receipt of run " + runId),
                            "the receipt obliges one instruction to each of " + expected + "; its transaction creates"
                                    + " instructions to " + paid);
                }
            } catch (RecordException bad) {
                // RecordCheck reports it
            }
        }
    }

    private static String creationProblem(DomainTx tx, DomainState before, PaymentInstruction p) {
        boolean receiptHere =
                tx.of(Types.RECEIPT).stream().anyMatch(e -> e.key.id(0).equals(p.runId()));
        if (!receiptHere) {
            return "instruction " + p.paymentId() + " was created without a receipt of run '" + p.runId()
                    + "' in its transaction";
        }
        if (p.status() != PaymentStatus.PENDING) {
            return "a new instruction is " + p.status() + ", not PENDING";
        }
        TrainingRun run = before.runs.get(p.runId());
        ContractRecord c = before.contracts.get(p.contractId());
        if (run == null || c == null || !run.contractId().equals(p.contractId())) {
            return "instruction " + p.paymentId() + " names run '" + p.runId() + "' and contract '" + p.contractId()
                    + "', which do not belong together on the ledger";
        }
        long amount = 0;
        for (DatasetClause d : c.terms().datasets()) {
            if (d.tdpId().equals(p.payeeId())) {
                amount = Math.addExact(amount, d.paymentMinor());
            }
        }
        if (amount == 0) {
            return "payee '" + p.payeeId() + "' owns no dataset of contract '" + c.contractId() + "'";
        }
        int bps = c.terms().payment().dataPrincipalShareBps();
        long principals = BigInteger.valueOf(amount)
                .multiply(BigInteger.valueOf(bps))
                .divide(BigInteger.valueOf(10_000))
                .longValueExact();
        if (p.amountMinor() != amount
                || p.dataPrincipalMinor() != principals
                || p.payeeMinor() != amount - principals) {
            return "the instruction pays " + p.amountMinor() + " (" + p.dataPrincipalMinor() + " to data principals, "
                    + p.payeeMinor() + " to the payee); the terms say " + amount + " (" + principals + ", "
                    + (amount - principals) + ")";
        }
        if (!p.payerId().equals(c.terms().tdcId())
                || !p.currency().equals(c.terms().payment().currency())) {
            return "the instruction is from '" + p.payerId() + "' in " + p.currency() + "; the terms say from '"
                    + c.terms().tdcId() + "' in " + c.terms().payment().currency();
        }
        if (!p.paymentId().equals(c.contractId() + "." + p.payeeId())) {
            return "instruction id " + p.paymentId() + " is not " + c.contractId() + "." + p.payeeId();
        }
        return null;
    }

    private static String updateProblem(DomainState before, PaymentInstruction was, PaymentInstruction now) {
        if (!Objects.equals(was.contractId(), now.contractId())
                || !Objects.equals(was.runId(), now.runId())
                || !Objects.equals(was.payerId(), now.payerId())
                || !Objects.equals(was.payeeId(), now.payeeId())
                || !Objects.equals(was.currency(), now.currency())
                || was.amountMinor() != now.amountMinor()
                || was.dataPrincipalMinor() != now.dataPrincipalMinor()
                || was.payeeMinor() != now.payeeMinor()) {
            return "instruction " + now.paymentId() + " was rewritten with another party or amount ("
                    + was.amountMinor() + " to '" + was.payeeId() + "' became " + now.amountMinor() + " to '"
                    + now.payeeId() + "')";
        }
        if (was.status() == PaymentStatus.SETTLED && !was.equals(now)) {
            return "instruction " + now.paymentId() + " was SETTLED and its settlement was rewritten";
        }
        if (now.status() == PaymentStatus.SETTLED
                && (now.externalTxHash() == null || now.chainId() == null || now.blockNumber() == null)) {
            return "instruction " + now.paymentId() + " is SETTLED without a chain, transaction and block";
        }
        if (was.status() == PaymentStatus.PENDING && now.status() == PaymentStatus.SETTLED) {
            var relay = now.settledBy() == null ? null : before.participants.get(now.settledBy());
            if (relay == null || relay.role() != org.depa.ledger.model.domain.Role.PAYMENT_RELAY) {
                return "instruction " + now.paymentId() + " was recorded SETTLED by '" + now.settledBy()
                        + "', not by a registered PAYMENT_RELAY";
            }
        }
        return null;
    }
}
