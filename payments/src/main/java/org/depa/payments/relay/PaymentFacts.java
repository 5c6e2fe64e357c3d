package org.depa.payments.relay;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PayoutAccounts;

/**
 * What a settlement reads from the ledger that no later transaction changes, read once per
 * contract or run and kept (the profile showed two ledger reads per settlement before the send):
 * a contract's signed terms, which name the payout accounts (terms change only by amending a
 * DRAFT, and a payment instruction exists only after a receipt of an active contract; a DRAFT is
 * never kept), and the SHA-256 of a run's receipt (submitted once). The most recent {@link #KEPT}
 * of each are kept.
 */
final class PaymentFacts {
    static final int KEPT = 256;

    private final TypedLedger ledger;
    private final Map<String, ContractRecord> contracts = lru();
    private final Map<String, String> receiptHashes = lru();

    PaymentFacts(TypedLedger ledger) {
        this.ledger = ledger;
    }

    /** The contract of {@code contractId} (kept once not a DRAFT: only its terms are used). */
    private synchronized ContractRecord contract(String contractId) {
        ContractRecord c = contracts.get(contractId);
        if (c == null) {
            c = ledger.evaluate(Contracts.GET, contractId);
            if (c.status() != ContractStatus.DRAFT) {
                contracts.put(contractId, c);
            }
        }
        return c;
    }

    /** The payout accounts the instruction's contract terms name for its TDP, or empty. */
    Optional<PayoutAccounts> payout(PaymentInstruction p) {
        return SignedPayout.of(contract(p.contractId()), p);
    }

    /** SHA-256 of the run's receipt as the ledger stores it (canonical JSON), "0x" and hex. */
    synchronized String receiptHash(String runId) {
        String hash = receiptHashes.get(runId);
        if (hash == null) {
            byte[] receipt = ledger.evaluateBytes(Runs.GET_RECEIPT, runId);
            try {
                hash = "0x"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(receipt));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            receiptHashes.put(runId, hash);
        }
        return hash;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > KEPT;
            }
        };
    }
}
