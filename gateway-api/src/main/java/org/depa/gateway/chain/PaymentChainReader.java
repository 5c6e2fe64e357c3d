package org.depa.gateway.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.depa.gateway.config.GatewayConfig;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainException;
import org.depa.payments.chain.EscrowView;
import org.jboss.logging.Logger;

/**
 * Reads balances from the payment chain configured for this gateway, read-only (JSON-RPC calls
 * through payments' {@link EscrowView}; no key, no transaction). The accounts are the ones the
 * contract's signed terms name, never configuration. A chain not configured or not answering is
 * said on the page, never an error: the ledger's figures stand without it.
 */
@ApplicationScoped
public class PaymentChainReader {
    private static final Logger LOG = Logger.getLogger(PaymentChainReader.class);

    @Inject
    GatewayConfig config;

    /** Whether a payment chain is configured (RPC URL, chain id and escrow). */
    public boolean configured() {
        var pc = config.paymentChain();
        return pc.rpcUrl().isPresent()
                && pc.chainId().isPresent()
                && pc.escrow().isPresent();
    }

    /** The escrow's and the payout accounts' balances for {@code contract}, or why they are not shown. */
    public ChainBalances balances(ContractRecord contract) {
        if (!configured()) {
            return ChainBalances.notShown("no payment chain is configured for this gateway"
                    + " (depa.gateway.payment-chain.rpc-url, chain-id and escrow), so balances are not shown");
        }
        var pc = config.paymentChain();
        String url = pc.rpcUrl().get();
        try (Chain chain = Chain.connect(url, pc.chainId().get())) {
            EscrowView view = EscrowView.at(chain, pc.escrow().get());
            EscrowView.Escrow escrow = view.escrow(contract.contractId());
            List<ChainBalances.Account> accounts = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (DatasetClause c : contract.terms().datasets()) {
                if (c.payout() == null) {
                    continue;
                }
                add(view, accounts, seen, c.payout().tdpAccount(), c.tdpId(), "TDP");
                add(view, accounts, seen, c.payout().principalsAccount(), c.tdpId(), "data principals");
            }
            return new ChainBalances(
                    true,
                    null,
                    url,
                    chain.chainId(),
                    chain.blockNumber(),
                    view.deployment().escrowAddress(),
                    view.deployment().tokenAddress(),
                    escrow.balanceMinor(),
                    escrow.funder(),
                    escrow.closedReason(),
                    view.tokenBalance(view.deployment().escrowAddress()),
                    List.copyOf(accounts));
        } catch (ChainException | IOException | IllegalArgumentException e) {
            LOG.debugf("payment chain at %s: %s", url, e.getMessage());
            return ChainBalances.notShown("the payment chain at " + url + " cannot be read now ("
                    + ChainException.brief(e) + "); the ledger's figures above stand without it");
        }
    }

    private static void add(
            EscrowView view,
            List<ChainBalances.Account> out,
            Set<String> seen,
            String address,
            String owner,
            String kind) {
        if (address == null || !seen.add(address + "/" + kind)) {
            return;
        }
        out.add(new ChainBalances.Account(address, owner, kind, view.tokenBalance(address), view.credit(address)));
    }
}
