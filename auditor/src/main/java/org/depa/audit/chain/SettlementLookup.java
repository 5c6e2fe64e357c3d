package org.depa.audit.chain;

import org.depa.ledger.model.domain.PaymentInstruction;

/** How a SETTLED instruction is looked up on the payment chain. */
public interface SettlementLookup {
    /** Null when the chain holds exactly the settlement the ledger records; otherwise what differs. */
    String problem(PaymentInstruction settled, String receiptHash);
}
