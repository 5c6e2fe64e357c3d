package org.depa.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.depa.demo.party.Party;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainException;
import org.depa.payments.chain.CloseReason;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.EscrowView;
import org.depa.payments.chain.LocalNode;
import org.depa.payments.relay.EscrowCloser;
import org.depa.payments.relay.PaymentRelay;
import org.depa.payments.relay.RelayConfig;
import org.depa.payments.relay.RelayFollower;
import org.depa.payments.relay.RelayHook;
import org.depa.payments.relay.RelayJournal;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The demo's payment chain: a local anvil node started by the payments module's {@code
 * scripts/anvil.sh} (which installs the pinned npm package on first use), a fresh token and
 * escrow. The accounts are anvil's development keys (local chains only): 0 deploys and mints,
 * 1 is the relay's (the escrow's settlement role), 2 the TDC's, then for each TDP in turn its own
 * account and its data principals' account. The node mines a block per transaction, so one
 * confirmation is final on it; a consortium's chain asks for more (docs/payments.md).
 */
final class PaymentChain implements AutoCloseable {
    static final int CONFIRMATIONS = 1;
    /** The chain's settings for the demo's gateway (rpcUrl, chainId, token, escrow), in the chain's directory. */
    static final String SETTINGS_FILE = "chain.properties";

    private static final int TDC_ACCOUNT = 2;
    private static final int FIRST_TDP_ACCOUNT = 3;

    private final LocalNode node;
    private final Chain chain;
    private final EscrowDeployment deployment;
    private final Path dir;
    /** The deployment's relay process settles (the demo only waits for its records), else the demo runs a relay. */
    private final boolean relayProcess;

    private PaymentChain(LocalNode node, Chain chain, EscrowDeployment deployment, Path dir, boolean relayProcess) {
        this.node = node;
        this.chain = chain;
        this.deployment = deployment;
        this.dir = dir;
        this.relayProcess = relayProcess;
    }

    /**
     * The deployment's payment chain ({@code depa deployment up} started it, deployed the token and
     * escrow and started the relay process): {@code payments} is the deployment's payments directory.
     */
    static PaymentChain attach(Path payments) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(payments.resolve("chain.properties"))) {
            p.load(in);
        }
        LocalNode node = LocalNode.attach(payments.resolve("chain"));
        Chain chain = Chain.connect(
                p.getProperty("rpcUrl"), Long.parseLong(p.getProperty("chainId")), LocalNode.POLL_INTERVAL);
        return new PaymentChain(
                node, chain, new EscrowDeployment(p.getProperty("token"), p.getProperty("escrow")), payments, true);
    }

    /** Starts the node in {@code dir} and deploys the token and the escrow. */
    static PaymentChain start(Path home, Path dir) throws IOException {
        LocalNode node = LocalNode.start(home, dir.resolve("anvil"));
        Chain chain = null;
        try {
            chain = node.connect();
            EscrowDeployment d = EscrowDeployment.deploy(
                    chain, node.account(0), node.account(1).getAddress());
            // Where the chain is, for the demo's gateway (depa.gateway.payment-chain.file): no secret.
            java.nio.file.Files.writeString(
                    dir.resolve(SETTINGS_FILE),
                    "rpcUrl=" + node.rpcUrl() + "\nchainId=" + node.chainId() + "\ntoken=" + d.tokenAddress()
                            + "\nescrow=" + d.escrowAddress() + "\n");
            return new PaymentChain(node, chain, d, dir, false);
        } catch (IOException | RuntimeException | Error e) {
            // Also on an Error (a class-path conflict): never leave the node running.
            if (chain != null) {
                chain.close();
            }
            node.close();
            throw e;
        }
    }

    String description() {
        return "Payment chain: anvil at " + node.rpcUrl() + " (chain id " + node.chainId() + "), token "
                + deployment.tokenAddress() + ", escrow " + deployment.escrowAddress();
    }

    /** The chain accounts the {@code i}-th TDP names in its dataset terms: its own, its data principals'. */
    PayoutAccounts payout(int i) {
        return new PayoutAccounts(
                node.account(FIRST_TDP_ACCOUNT + 2 * i).getAddress(),
                node.account(FIRST_TDP_ACCOUNT + 2 * i + 1).getAddress());
    }

    /**
     * The TDC's account gets the contract's price (tokens minted for the demo), funds the contract's
     * escrow and registers the payout accounts of the contract's signed terms with it: the escrow
     * pays those and no other account.
     */
    void fund(ContractRecord active, Console console) {
        String contractId = active.contractId();
        long amountMinor = active.terms().datasets().stream()
                .mapToLong(DatasetClause::paymentMinor)
                .sum();
        Credentials tdc = node.account(TDC_ACCOUNT);
        new EscrowClient(chain, deployment, node.account(0)).mint(tdc.getAddress(), amountMinor);
        EscrowClient wallet = new EscrowClient(chain, deployment, tdc);
        TransactionReceipt r = wallet.fund(contractId, amountMinor);
        List<PayoutAccounts> payouts = active.terms().datasets().stream()
                .map(DatasetClause::payout)
                .distinct()
                .toList();
        wallet.registerPayees(contractId, payouts);
        console.line(
                "the TDC (account %s) funded the escrow of %s with %,d minor units in tx %s; the escrow holds %,d"
                        + " and pays only the %d pairs of payout accounts of the signed terms",
                tdc.getAddress(),
                contractId,
                amountMinor,
                r.getTransactionHash(),
                wallet.escrowBalance(contractId),
                payouts.size());
    }

    /**
     * The relay settles each of the contract's payment instructions as participant {@code relay};
     * then each payee withdraws its credit and the demo prints the token balances read from the
     * chain. Returns the relay's outcomes.
     *
     * @param tdpIds the TDPs in the order their accounts are assigned
     */
    List<PaymentRelay.Outcome> settle(String contractId, Party relay, List<String> tdpIds, Console console)
            throws IOException {
        List<Credentials> payees = new ArrayList<>();
        for (int i = 0; i < tdpIds.size(); i++) {
            payees.add(node.account(FIRST_TDP_ACCOUNT + 2 * i));
            payees.add(node.account(FIRST_TDP_ACCOUNT + 2 * i + 1));
        }
        List<PaymentRelay.Outcome> outcomes = relayProcess
                ? RelayProcessWait.settledBy(relay, contractId, console)
                : settleHere(contractId, relay, console);
        printOutcomes(outcomes, console);
        console.line("each payee withdraws its credit from the escrow; token balances read from the chain:");
        EscrowClient view = new EscrowClient(chain, deployment, node.account(0));
        for (int i = 0; i < payees.size(); i++) {
            Credentials who = payees.get(i);
            EscrowClient wallet = new EscrowClient(chain, deployment, who);
            if (wallet.credit(who.getAddress()) > 0) {
                wallet.withdraw();
            }
            String tdp = tdpIds.get(i / 2);
            console.line(
                    "%-30s %s  token balance %,d",
                    i % 2 == 0 ? tdp : tdp + "'s data principals",
                    who.getAddress(),
                    view.tokenBalance(who.getAddress()));
        }
        EscrowView.Escrow escrow =
                EscrowView.at(chain, deployment.escrowAddress()).escrow(contractId);
        // The relay process closes the escrow after its last record: give it a moment.
        for (int i = 0; relayProcess && !escrow.refunded() && i < 60; i++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            escrow = EscrowView.at(chain, deployment.escrowAddress()).escrow(contractId);
        }
        console.line(
                "escrow of %s now holds %,d; %s",
                contractId,
                escrow.balanceMinor(),
                escrow.closedReason() == CloseReason.COMPLETED.code() && escrow.refunded()
                        ? "closed by the relay as the contract completed, the rest refunded to the TDC"
                        : "still open (closed reason " + escrow.closedReason() + ")");
        return outcomes;
    }

    /** The demo's own relay: follows the ledger's events from its checkpoint to this run's receipt. */
    private List<PaymentRelay.Outcome> settleHere(String contractId, Party relay, Console console) throws IOException {
        // The relay is given no payee accounts: it reads them from the contract's signed terms.
        RelayConfig config =
                new RelayConfig(chain, node.account(1), deployment, relay.id(), CONFIRMATIONS, Duration.ofSeconds(3));
        RelayJournal journal = new RelayJournal(dir.resolve("relay-journal"));
        PaymentRelay relayer = new PaymentRelay(config, relay.ledger(), journal, RelayHook.NONE);
        // The relay follows the ledger's events (the network's chaincode events, or the embedded
        // ledger's) from its checkpoint up to this run's receipt: the receipt's instructions are
        // settled when it sees the event, and the finished contract's escrow is closed and refunded.
        RelayFollower follower = new RelayFollower(
                relay.connection(),
                relayer,
                journal,
                EventCheckpoint.open(dir.resolve("relay-checkpoint"), 0),
                new EscrowCloser(config, relay.ledger()));
        String runId = relay.ledger().evaluate(Contracts.GET, contractId).receiptRunId();
        try {
            int seen = follower.followUntil(e -> RelayFollower.isReceiptOf(e, runId));
            console.line("the relay followed %d ledger events from its checkpoint to the receipt of %s", seen, runId);
            // No settle pass after the follower: what the ledger holds now is what the follower did.
            List<PaymentRelay.Outcome> outcomes = RelayProcessWait.recorded(relay, contractId);
            console.line(
                    "the follower settled %d of %d instructions as %s when it saw the receipt (no settle pass after)",
                    outcomes.stream()
                            .filter(o -> o.status() == PaymentStatus.SETTLED)
                            .count(),
                    outcomes.size(),
                    relay.id());
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while settling", e);
        } finally {
            // The RECORDED entries the relay keeps for its next sync: written before the demo ends,
            // so the journal left in the demo's directory says what the ledger says.
            journal.close();
        }
    }

    private void printOutcomes(List<PaymentRelay.Outcome> outcomes, Console console) {
        for (PaymentRelay.Outcome o : outcomes) {
            if (o.status() == PaymentStatus.SETTLED) {
                console.line(
                        "%-22s SETTLED in chain tx %s (block %d, chain %d)",
                        o.paymentId(), o.txHash(), o.blockNumber(), chain.chainId());
            } else {
                console.line("%-22s %s: %s", o.paymentId(), o.status(), o.reason());
            }
        }
    }

    @Override
    public void close() throws IOException {
        chain.close();
        node.close();
    }
}
