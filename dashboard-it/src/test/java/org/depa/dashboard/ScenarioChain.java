package org.depa.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.LocalNode;

/**
 * The payment chain the dashboard's gateway reads balances from: a real anvil node (the payments
 * module's {@code scripts/anvil.sh}) with the token and escrow deployed. The demo's own node stops
 * with the demo, so this one is fresh: anvil's development accounts are the same on every node, so
 * the payout accounts the scenario's contract names are accounts here too. The TDC's account
 * funds the contract's escrow and registers those accounts; one payee is minted a balance.
 */
final class ScenarioChain implements AutoCloseable {
    /** What the first TDP's own account is given, so a balance other than zero shows. */
    static final long MINTED_TO_FIRST_PAYEE = 12_345;

    private static final int TDC_ACCOUNT = 2;

    final LocalNode node;
    final Chain chain;
    final EscrowDeployment deployment;

    private ScenarioChain(LocalNode node, Chain chain, EscrowDeployment deployment) {
        this.node = node;
        this.chain = chain;
        this.deployment = deployment;
    }

    static ScenarioChain start(Path home, Path dir) throws IOException {
        LocalNode node = LocalNode.start(home, dir);
        try {
            Chain chain = node.connect();
            return new ScenarioChain(
                    node,
                    chain,
                    EscrowDeployment.deploy(
                            chain, node.account(0), node.account(1).getAddress()));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** The gateway's payment-chain settings. */
    Map<String, String> gatewayConfig() {
        return Map.of(
                "depa.gateway.payment-chain.rpc-url", node.rpcUrl(),
                "depa.gateway.payment-chain.chain-id", Long.toString(node.chainId()),
                "depa.gateway.payment-chain.escrow", deployment.escrowAddress());
    }

    /** Funds {@code contract}'s escrow with its price from the TDC's account and registers its signed payout accounts. */
    void fund(ContractRecord contract) {
        long price = contract.terms().datasets().stream()
                .mapToLong(DatasetClause::paymentMinor)
                .sum();
        List<PayoutAccounts> payouts = contract.terms().datasets().stream()
                .map(DatasetClause::payout)
                .distinct()
                .toList();
        EscrowClient admin = new EscrowClient(chain, deployment, node.account(0));
        String tdc = node.account(TDC_ACCOUNT).getAddress();
        admin.mint(tdc, price);
        EscrowClient wallet = new EscrowClient(chain, deployment, node.account(TDC_ACCOUNT));
        wallet.fund(contract.contractId(), price);
        wallet.registerPayees(contract.contractId(), payouts);
        admin.mint(payouts.get(0).tdpAccount(), MINTED_TO_FIRST_PAYEE);
    }

    @Override
    public void close() throws IOException {
        chain.close();
        node.close();
    }
}
