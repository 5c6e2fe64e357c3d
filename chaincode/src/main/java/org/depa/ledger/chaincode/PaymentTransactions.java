package org.depa.ledger.chaincode;

import java.util.Locale;
import java.util.regex.Pattern;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.Role;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Settlement of payment instructions, recorded by the payment relay with the chain transaction that paid. */
@Contract(name = "payments", info = @Info(title = "DEPA payments", version = "1"))
public final class PaymentTransactions extends DepaTransactions {
    private static final int MAX_REASON = 500;
    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");
    /** "contractId.payeeId": two ids of up to 64 characters joined by '.', so longer than one id. */
    private static final Pattern PAYMENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}\\.[a-z0-9][a-z0-9._-]{1,63}");

    /**
     * The payment relay records the chain transaction that paid an instruction. Only a participant
     * with role PAYMENT_RELAY may (the payer can no longer declare its own payment). Idempotent:
     * the same record again (chain, hash and block) changes nothing and succeeds, so the relay can
     * retry blindly after a crash; any other record for a settled instruction is refused.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String settle(DepaContext ctx, String json) {
        return TxRunner.run(Payments.SETTLE, json, r -> {
            String hash = Fields.required("externalTxHash", r.externalTxHash()).toLowerCase(Locale.ROOT);
            if (!TX_HASH.matcher(hash).matches()) {
                throw Fields.invalid("externalTxHash", "must be 0x followed by 64 hex digits");
            }
            long chainId = Fields.required("chainId", r.chainId());
            if (chainId <= 0) {
                throw Fields.invalid("chainId", "must be a positive chain id");
            }
            long block = Fields.required("blockNumber", r.blockNumber());
            if (block < 0) {
                throw Fields.invalid("blockNumber", "must not be negative");
            }
            PaymentInstruction p =
                    ctx.state().get(ObjectType.PAYMENT, PaymentInstruction.class, paymentId(r.paymentId()));
            String actor = Fields.id("participantId", r.participantId());
            Guard.actor(ctx, actor, Role.PAYMENT_RELAY);
            if (p.status() == PaymentStatus.SETTLED) {
                if (hash.equals(p.externalTxHash())
                        && Long.valueOf(chainId).equals(p.chainId())
                        && Long.valueOf(block).equals(p.blockNumber())) {
                    ctx.events().emit(EventType.PAYMENT_SETTLEMENT_CONFIRMED, ObjectType.PAYMENT, p.paymentId(), actor);
                    return p;
                }
                throw new LedgerRuleException(
                        ErrorCode.PAYMENT_ALREADY_SETTLED,
                        "payment '" + p.paymentId() + "' was settled by " + p.externalTxHash() + " in block "
                                + p.blockNumber() + " of chain " + p.chainId());
            }
            Long confirmations = r.confirmations();
            if (confirmations != null && confirmations < 1) {
                throw Fields.invalid("confirmations", "must be at least 1 when given");
            }
            PaymentInstruction settled =
                    p.settled(chainId, hash, block, confirmations, actor, ctx.nowText(), ctx.txId());
            ctx.state().put(ObjectType.PAYMENT, settled, p.paymentId());
            ctx.events().emit(EventType.PAYMENT_SETTLED, ObjectType.PAYMENT, p.paymentId(), actor);
            return settled;
        });
    }

    /**
     * The payment relay records why it cannot pay a PENDING instruction yet, so every party sees
     * it (an unfunded escrow, terms without payout accounts). Only PAYMENT_RELAY; a settled
     * instruction refuses it.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String defer(DepaContext ctx, String json) {
        return TxRunner.run(Payments.DEFER, json, r -> {
            String reason = Fields.text("reason", r.reason(), MAX_REASON);
            PaymentInstruction p =
                    ctx.state().get(ObjectType.PAYMENT, PaymentInstruction.class, paymentId(r.paymentId()));
            String actor = Fields.id("participantId", r.participantId());
            Guard.actor(ctx, actor, Role.PAYMENT_RELAY);
            if (p.status() != PaymentStatus.PENDING) {
                throw new LedgerRuleException(
                        ErrorCode.INVALID_STATE,
                        "payment '" + p.paymentId() + "' is " + p.status() + ": nothing to defer");
            }
            PaymentInstruction deferred = p.deferred(reason);
            ctx.state().put(ObjectType.PAYMENT, deferred, p.paymentId());
            ctx.events().emit(EventType.PAYMENT_DEFERRED, ObjectType.PAYMENT, p.paymentId(), actor);
            return deferred;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String paymentId) {
        return TxRunner.run(Payments.GET, paymentId, id -> ctx.state()
                .get(ObjectType.PAYMENT, PaymentInstruction.class, paymentId(id)));
    }

    private static String paymentId(String value) {
        Fields.required("paymentId", value);
        if (!PAYMENT_ID.matcher(value).matches()) {
            throw Fields.invalid("paymentId", "must be <contractId>.<payeeId>");
        }
        return value;
    }

    /**
     * Every PENDING instruction, in key order (deterministic). A relay that starts without a
     * checkpoint settles these rather than replaying every receipt since block 0; a scan of the
     * payments, which a query may afford and a write transaction would not.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listPending(DepaContext ctx) {
        return TxRunner.run(
                Payments.LIST_PENDING, () -> ctx.state().all(ObjectType.PAYMENT, PaymentInstruction.class).stream()
                        .filter(p -> p.status() == PaymentStatus.PENDING)
                        .toList());
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listByContract(DepaContext ctx, String contractId) {
        return TxRunner.run(
                Payments.LIST_BY_CONTRACT,
                contractId,
                id -> ctx.state().keys(ObjectType.PAYMENT_BY_CONTRACT, Fields.id("contractId", id)).stream()
                        .map(ids -> ctx.state().get(ObjectType.PAYMENT, PaymentInstruction.class, ids.get(1)))
                        .toList());
    }
}
