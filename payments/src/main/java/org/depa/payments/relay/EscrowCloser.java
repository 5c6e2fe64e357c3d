package org.depa.payments.relay;

import java.util.List;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.payments.chain.CloseReason;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowView;

/**
 * Closes the escrow of a DEPA contract the ledger has finished (COMPLETED, EXPIRED or REVOKED) and
 * returns what is left in it to the TDC that funded it. A completed contract's escrow stays open
 * while any of its payment instructions is not SETTLED, so closing never strands a payment. Each
 * step is guarded by the escrow's own state (closed, refunded), so running it again after a crash
 * or on every event does nothing twice.
 */
public final class EscrowCloser {
    /** What one pass did: {@code closed} is true once the escrow is closed and refunded. */
    public record Closing(String contractId, boolean closed, long refundedMinor, String reason) {}

    private final TypedLedger ledger;
    private final RelayConfig config;

    /** Asks the chain nothing yet (a relay starts while its chain is unreachable). */
    public EscrowCloser(RelayConfig config, TypedLedger ledger) {
        this.ledger = ledger;
        this.config = config;
    }

    public Closing close(String contractId) {
        ContractRecord c = ledger.evaluate(Contracts.GET, contractId);
        if (!c.status().isFinal()) {
            return new Closing(contractId, false, 0, "the contract is " + c.status() + ": its escrow stays open");
        }
        List<PaymentInstruction> payments = ledger.evaluate(Payments.LIST_BY_CONTRACT, contractId);
        long unpaid = payments.stream()
                .filter(p -> p.status() != PaymentStatus.SETTLED)
                .count();
        if (unpaid > 0) {
            return new Closing(
                    contractId,
                    false,
                    0,
                    unpaid + " payment instruction(s) not settled yet: the escrow stays open until they are paid");
        }
        EscrowView.Escrow e = EscrowView.at(config.chain(), config.deployment().escrowAddress())
                .escrow(contractId);
        if (e.funder().isEmpty()) {
            return new Closing(contractId, false, 0, "the escrow was never funded: nothing to close or refund");
        }
        // Made per closing: its gas price is read from the chain now, not when the relay started.
        EscrowClient settler = new EscrowClient(config.chain(), config.deployment(), config.key());
        if (e.closedReason() == 0) {
            settler.close(contractId, reasonOf(c.status()));
        }
        if (e.refunded()) {
            return new Closing(contractId, true, 0, "closed and refunded before");
        }
        settler.refund(contractId);
        return new Closing(
                contractId,
                true,
                e.balanceMinor(),
                "closed as " + c.status() + "; the rest went back to " + e.funder());
    }

    private static CloseReason reasonOf(ContractStatus s) {
        return switch (s) {
            case COMPLETED -> CloseReason.COMPLETED;
            case EXPIRED -> CloseReason.EXPIRED;
            case REVOKED -> CloseReason.REVOKED;
            default -> throw new IllegalArgumentException("contract status " + s + " is not final");
        };
    }
}
