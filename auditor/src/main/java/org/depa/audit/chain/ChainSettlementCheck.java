package org.depa.audit.chain;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;

/**
 * {@code depa audit verify --chain RPC_URL --escrow ADDRESS}: every payment the ledger ends with as
 * SETTLED is matched against the payment chain. The replay keeps, per payment, its last recorded
 * instruction and, per run, the SHA-256 of its receipt as stored (the hash the escrow's event
 * carries); at the end each SETTLED instruction is looked up on the chain ({@link SettlementLookup}):
 * the chain's id, the transaction's success and block, and the escrow's {@code Settled} event for
 * this instruction and contract with this receipt hash and the ledger's amounts, paid to the
 * accounts the contract's signed terms name for the TDP (or, with {@code --payees}, the auditor's). What is kept grows with the number of payments and
 * receipts (about 150 bytes each), not with the ledger.
 */
public final class ChainSettlementCheck implements WriteReplay {
    public static final String CHAIN_SETTLEMENT = Checks.CHAIN_SETTLEMENT;
    public static final String DESCRIPTION =
            "each payment the ledger records SETTLED matches the escrow's Settled event on the payment chain (--chain):"
                    + " the chain id, a successful transaction in the recorded block, the instruction and contract keys,"
                    + " the receipt hash, both amounts, and the payout accounts of the contract's signed terms (or --payees)";

    private static final String PAYMENT = "\u0000payment\u0000";
    private static final String RECEIPT = "\u0000receipt\u0000";
    private static final String CONTRACT = "\u0000contract\u0000";

    private final SettlementLookup chain;
    private final Map<String, PaymentInstruction> payments = new TreeMap<>();
    private final Map<String, String> paymentScope = new TreeMap<>();
    private final Map<String, String> receiptHashes = new TreeMap<>();
    /** Per contract, per TDP, the payout accounts its signed terms name (the last version written). */
    private final Map<String, Map<String, PayoutAccounts>> payouts = new TreeMap<>();

    public ChainSettlementCheck(SettlementLookup chain) {
        this.chain = chain;
    }

    @Override
    public void transaction(CommittedTx tx, CheckSink sink) {
        for (CommittedTx.Write w : tx.writes()) {
            if (w.delete()) {
                continue;
            }
            if (w.key().startsWith(PAYMENT)) {
                String id = id(w.key(), PAYMENT);
                try {
                    payments.put(id, Json.read(w.value(), PaymentInstruction.class));
                    paymentScope.put(id, tx.scope());
                } catch (LedgerRuleException e) {
                    sink.fail(
                            CHAIN_SETTLEMENT,
                            tx.scope(),
                            "payment " + id + " is not a payment instruction: " + e.getMessage());
                }
            } else if (w.key().startsWith(CONTRACT)
                    && w.key().indexOf('\u0000', CONTRACT.length()) == w.key().length() - 1) {
                contract(w, tx, sink);
            } else if (w.key().startsWith(RECEIPT)) {
                receiptHashes.put(
                        id(w.key(), RECEIPT), "0x" + Hashes.sha256Hex(w.value().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private void contract(CommittedTx.Write w, CommittedTx tx, CheckSink sink) {
        try {
            ContractRecord c = Json.read(w.value(), ContractRecord.class);
            Map<String, PayoutAccounts> byTdp = new TreeMap<>();
            for (DatasetClause d : c.terms().datasets()) {
                if (d.payout() != null) {
                    byTdp.putIfAbsent(d.tdpId(), d.payout());
                }
            }
            payouts.put(c.contractId(), byTdp);
        } catch (LedgerRuleException e) {
            sink.fail(
                    CHAIN_SETTLEMENT,
                    tx.scope(),
                    "contract " + id(w.key(), CONTRACT) + " is not a contract record: " + e.getMessage());
        }
    }

    @Override
    public void finish(CheckSink sink) {
        long settled = 0;
        for (Map.Entry<String, PaymentInstruction> e : payments.entrySet()) {
            PaymentInstruction p = e.getValue();
            if (p.status() != PaymentStatus.SETTLED) {
                continue;
            }
            settled++;
            String scope = "payment " + p.paymentId() + " (" + paymentScope.get(e.getKey()) + ")";
            String receiptHash = receiptHashes.get(p.runId());
            if (receiptHash == null) {
                sink.fail(CHAIN_SETTLEMENT, scope, "run " + p.runId() + " has no receipt on the ledger");
                continue;
            }
            sink.verdict(
                    CHAIN_SETTLEMENT,
                    scope,
                    chain.problem(
                            p,
                            receiptHash,
                            payouts.getOrDefault(p.contractId(), Map.of()).get(p.payeeId())),
                    "paid on chain " + p.chainId() + " by " + p.externalTxHash() + " in block " + p.blockNumber() + ": "
                            + p.payeeMinor() + " + " + p.dataPrincipalMinor() + " minor units");
        }
        if (settled == 0) {
            sink.skip(CHAIN_SETTLEMENT, "ledger", "the ledger records no SETTLED payment");
        }
    }

    private static String id(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int end = rest.indexOf('\u0000');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
