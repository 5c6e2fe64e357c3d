package org.depa.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.depa.ledger.model.Json;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainKeys;
import org.depa.payments.chain.EscrowView;

/** {@code depa pay status}: a contract's escrow, each payout and the payees' balances, read from the chain. */
final class PayStatus {
    private static final String[] CLOSED = {"open", "completed", "expired", "revoked"};

    private PayStatus() {}

    /**
     * @param paymentIds the ledger's payment instruction ids to name: a payout shows its id, and an
     *     id without a payout is listed as not paid
     */
    static ObjectNode of(Chain chain, EscrowView view, String contractId, List<String> paymentIds) {
        Map<String, String> byKey = new HashMap<>();
        for (String id : paymentIds) {
            byKey.put(ChainKeys.hex(ChainKeys.instruction(id)), id);
        }
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("contractId", contractId);
        o.put("chainId", chain.chainId());
        o.put("escrow", view.deployment().escrowAddress());
        o.put("token", view.deployment().tokenAddress());
        EscrowView.Escrow e = view.escrow(contractId);
        o.put("funded", !e.funder().isEmpty());
        o.put("funder", e.funder().isEmpty() ? null : e.funder());
        o.put("escrowMinor", e.balanceMinor());
        o.put(
                "state",
                e.closedReason() >= 0 && e.closedReason() < CLOSED.length
                        ? CLOSED[e.closedReason()]
                        : "closed (" + e.closedReason() + ")");
        ArrayNode payouts = o.putArray("payouts");
        Set<String> accounts = new TreeSet<>();
        for (EscrowView.Payout p : view.payouts(contractId)) {
            ObjectNode n = payouts.addObject();
            String id = byKey.remove(p.instructionKey());
            if (id != null) {
                n.put("paymentId", id);
            }
            n.put("instructionKey", p.instructionKey());
            n.put("txHash", p.txHash());
            n.put("blockNumber", p.blockNumber());
            n.put("confirmations", p.confirmations());
            n.put("receiptHash", p.receiptHash());
            n.put("payee", p.payee());
            n.put("payeeMinor", p.payeeMinor());
            n.put("principals", p.principals());
            n.put("principalsMinor", p.principalsMinor());
            n.put("totalMinor", Math.addExact(p.payeeMinor(), p.principalsMinor()));
            accounts.add(p.payee());
            accounts.add(p.principals());
        }
        ArrayNode unpaid = o.putArray("notPaid");
        paymentIds.stream().filter(byKey::containsValue).forEach(unpaid::add);
        ArrayNode balances = o.putArray("balances");
        for (String a : accounts) {
            ObjectNode b = balances.addObject();
            b.put("account", a);
            b.put("creditMinor", view.credit(a));
            b.put("tokenBalanceMinor", view.tokenBalance(a));
        }
        return o;
    }
}
