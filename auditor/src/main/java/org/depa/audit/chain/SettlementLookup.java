package org.depa.audit.chain;

import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PayoutAccounts;

/** How a SETTLED instruction is looked up on the payment chain. */
public interface SettlementLookup {
    /**
     * Null when the chain holds exactly the settlement the ledger records; otherwise what differs.
     *
     * @param signedPayout the accounts the contract's signed terms name for the payee, or null when none
     */
    String problem(PaymentInstruction settled, String receiptHash, PayoutAccounts signedPayout);
}
