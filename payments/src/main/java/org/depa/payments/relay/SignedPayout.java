package org.depa.payments.relay;

import java.util.Optional;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PayoutAccounts;

/**
 * The accounts an instruction pays, read from its DEPA contract's signed terms (the ledger copied
 * them from the TDP's dataset terms into each clause, and every party signed them): never from the
 * relay's configuration, so a relay cannot choose where money goes.
 */
final class SignedPayout {
    private SignedPayout() {}

    /** The payout accounts of the instruction's TDP in its contract's terms, or empty when they name none. */
    static Optional<PayoutAccounts> of(org.depa.ledger.model.domain.ContractRecord contract, PaymentInstruction p) {
        return contract.terms().datasets().stream()
                .filter(c -> c.tdpId().equals(p.payeeId()))
                .map(DatasetClause::payout)
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }
}
