package org.depa.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.depa.demo.party.Party;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.payments.chain.ChainException;
import org.depa.payments.relay.PaymentRelay;

/**
 * Over a deployment the demo runs no relay and no settle pass: the deployment's payment-relay
 * process follows the ledger through its own Fabric enrolment and settles. The demo waits for its
 * records and checks that the relay participant made each of them.
 */
final class RelayProcessWait {
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private RelayProcessWait() {}

    /**
     * The contract's instructions as the ledger has them, as outcomes; one SETTLED by anyone but
     * {@code relay} is refused (it would not be the relay's work).
     */
    static List<PaymentRelay.Outcome> recorded(Party relay, String contractId) {
        List<PaymentInstruction> all = relay.ledger().evaluate(Payments.LIST_BY_CONTRACT, contractId);
        for (PaymentInstruction p : all) {
            if (p.status() == PaymentStatus.SETTLED && !relay.id().equals(p.settledBy())) {
                throw new IllegalStateException(p.paymentId() + " was recorded as settled by '" + p.settledBy()
                        + "', not by the relay's participant " + relay.id());
            }
        }
        return all.stream()
                .map(p -> new PaymentRelay.Outcome(
                        p.paymentId(), p.status(), p.externalTxHash(), p.blockNumber(), p.pendingReason()))
                .toList();
    }

    static List<PaymentRelay.Outcome> settledBy(Party relay, String contractId, Console console) {
        Instant t0 = Instant.now();
        String lastReasons = "";
        while (true) {
            List<PaymentInstruction> all = relay.ledger().evaluate(Payments.LIST_BY_CONTRACT, contractId);
            if (!all.isEmpty() && all.stream().allMatch(p -> p.status() == PaymentStatus.SETTLED)) {
                List<PaymentRelay.Outcome> outcomes = recorded(relay, contractId);
                console.line(
                        "the deployment's payment-relay process (participant %s, its own Fabric enrolment) settled"
                                + " the %d instructions in %d s; the demo ran no relay of its own",
                        relay.id(),
                        all.size(),
                        Duration.between(t0, Instant.now()).toSeconds());
                return outcomes;
            }
            String reasons = all.stream()
                    .filter(p -> p.pendingReason() != null)
                    .map(p -> p.paymentId() + ": " + p.pendingReason())
                    .reduce("", (a, b) -> a + (a.isEmpty() ? "" : "; ") + b);
            if (!reasons.isEmpty() && !Objects.equals(reasons, lastReasons)) {
                console.line("waiting for the payment-relay process: %s", reasons);
                lastReasons = reasons;
            }
            if (Duration.between(t0, Instant.now()).compareTo(TIMEOUT) > 0) {
                throw new ChainException(
                        "the payment-relay process did not settle " + contractId + " within " + TIMEOUT.toMinutes()
                                + " minutes; see var/deployment/payments/relay/status.json and relay.log");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainException("interrupted while waiting for the payment-relay process", e);
            }
        }
    }
}
