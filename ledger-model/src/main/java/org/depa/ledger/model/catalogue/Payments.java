package org.depa.ledger.model.catalogue;

import java.util.List;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.tx.DeferPaymentRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;

/** Payment instructions a receipt creates, and their settlement. */
public final class Payments {
    private static final Area AREA = new Area("payments");

    public static final Tx<SettlePaymentRequest, PaymentInstruction> SETTLE =
            AREA.submit("settle", SettlePaymentRequest.class, PaymentInstruction.class);

    /**
     * The payment relay records why it cannot pay a PENDING instruction yet (an unfunded escrow,
     * no payout accounts in the terms, payees not registered): visible to every party.
     */
    public static final Tx<DeferPaymentRequest, PaymentInstruction> DEFER =
            AREA.submit("defer", DeferPaymentRequest.class, PaymentInstruction.class);

    /** By payment id, {@code <contractId>.<payeeId>}. */
    public static final Tx<String, PaymentInstruction> GET = AREA.byId("get", PaymentInstruction.class);

    public static final Tx<String, List<PaymentInstruction>> LIST_BY_CONTRACT =
            AREA.byId("listByContract", ResultType.listOf(PaymentInstruction.class));

    /**
     * Every PENDING instruction, in key order: what a relay starting without a checkpoint settles,
     * instead of replaying every receipt since block 0.
     */
    public static final Tx<Void, List<PaymentInstruction>> LIST_PENDING =
            AREA.noArguments("listPending", ResultType.listOf(PaymentInstruction.class));

    private Payments() {}
}
