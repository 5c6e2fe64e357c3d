package org.depa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainException;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowView;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code depa pay fund|status|withdraw}: a DEPA contract's escrow on the payment chain, through
 * the payments module (Web3j, JSON-RPC). One JSON object on stdout; exit codes as {@code depa
 * api}: 0 done, 1 refused by the chain (a revert, nothing to withdraw, too few tokens), 2 usage or
 * input error, 3 the node cannot be reached.
 */
@Command(
        name = "pay",
        description = "A DEPA contract's escrow on the payment chain: fund it, see its payouts, withdraw credits.")
public final class PayCommand implements Runnable {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    private static final Logger LOG = Logger.getLogger(PayCommand.class.getName());
    private static final long KEY_FILE_MAX = 4096;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--rpc-url",
            scope = ScopeType.INHERIT,
            description = "The node's JSON-RPC URL (default $DEPA_RPC_URL, else http://127.0.0.1:8545).")
    String rpcUrl;

    @Option(
            names = "--chain-id",
            scope = ScopeType.INHERIT,
            description = "The chain id the node must serve (default $DEPA_CHAIN_ID, else 31337).")
    Long chainId;

    @Option(
            names = "--escrow",
            scope = ScopeType.INHERIT,
            description = "The DepaEscrow contract's address (default $DEPA_ESCROW); its token is read from it.")
    String escrow;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "fund",
            description = "As the TDC: approve and add N minor units to a contract's escrow; the first funding"
                    + " registers the payout accounts of the contract's signed terms (--payee).")
    int fund(
            @Option(names = "--contract", required = true, description = "The DEPA contract id.") String contract,
            @Option(names = "--amount", required = true, description = "Minor units (paise), at least 1.") long amount,
            @Option(names = "--key-file", required = true, description = "The payer's private key (hex).") Path keyFile,
            @Option(
                            names = "--payee",
                            paramLabel = "TDP_ACCOUNT,PRINCIPALS_ACCOUNT",
                            description = "A TDP's payout accounts as the contract's signed terms name them (each"
                                    + " dataset clause's payout: depa api contracts get ID); repeatable; required on"
                                    + " the first funding, refused after: the escrow pays these and no other account.")
                    List<String> payees) {
        checkContract(contract);
        if (amount < 1) {
            throw new UsageError("--amount must be at least 1 minor unit, got " + amount);
        }
        List<PayoutAccounts> accounts = payees == null
                ? List.of()
                : payees.stream().map(PayCommand::payee).distinct().toList();
        Credentials key = key(keyFile);
        return onChain((chain, view) -> {
            EscrowClient wallet = new EscrowClient(chain, view.deployment(), key);
            boolean registered = view.payeesRegistered(contract);
            if (!registered && accounts.isEmpty()) {
                throw new UsageError("--payee is required on the first funding of " + contract
                        + ": the payout accounts of the contract's signed terms (depa api contracts get " + contract
                        + ")");
            }
            if (registered && !accounts.isEmpty()) {
                throw new Refused("the payees of " + contract + "'s escrow are registered already; fund it again"
                        + " without --payee");
            }
            long held = view.tokenBalance(key.getAddress());
            if (held < amount) {
                throw new Refused("account " + key.getAddress() + " holds " + held
                        + " minor units of the token, fewer than --amount " + amount);
            }
            TransactionReceipt r = wallet.fund(contract, amount);
            if (!registered) {
                wallet.registerPayees(contract, accounts);
            }
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("contractId", contract);
            o.put("funder", key.getAddress());
            o.put("amountMinor", amount);
            o.put("txHash", r.getTransactionHash());
            o.put("blockNumber", r.getBlockNumber().longValueExact());
            o.put("escrowMinor", view.escrow(contract).balanceMinor());
            o.put("payeesRegistered", accounts.size());
            return o;
        });
    }

    /** {@code TDP_ACCOUNT,PRINCIPALS_ACCOUNT}, each 0x and 40 hex digits. */
    private static PayoutAccounts payee(String value) {
        String[] two = value.split(",", -1);
        if (two.length != 2
                || !two[0].strip().matches("0x[0-9a-fA-F]{40}")
                || !two[1].strip().matches("0x[0-9a-fA-F]{40}")) {
            throw new UsageError("--payee must be TDP_ACCOUNT,PRINCIPALS_ACCOUNT (two addresses, 0x and 40 hex"
                    + " digits each), got '" + value + "'");
        }
        return new PayoutAccounts(
                two[0].strip().toLowerCase(java.util.Locale.ROOT),
                two[1].strip().toLowerCase(java.util.Locale.ROOT));
    }

    @Command(
            name = "status",
            description = "A contract's escrow and each payout: amounts, chain transaction, confirmations, balances.")
    int status(
            @Option(names = "--contract", required = true, description = "The DEPA contract id.") String contract,
            @Option(
                            names = "--payment",
                            description = "A payment instruction id of the ledger to name (repeatable), e.g."
                                    + " covid-2026.icmr: its payout shows the id, or it is listed as not paid.")
                    List<String> payments) {
        checkContract(contract);
        List<String> ids = payments == null ? List.of() : List.copyOf(payments);
        ids.forEach(PayCommand::checkPayment);
        return onChain((chain, view) -> PayStatus.of(chain, view, contract, ids));
    }

    @Command(name = "withdraw", description = "As a payee: withdraw your credit from the escrow into your account.")
    int withdraw(
            @Option(names = "--key-file", required = true, description = "The payee's private key (hex).")
                    Path keyFile) {
        Credentials key = key(keyFile);
        return onChain((chain, view) -> {
            long credit = view.credit(key.getAddress());
            if (credit == 0) {
                throw new Refused("nothing to withdraw: account " + key.getAddress() + " has no credit in escrow "
                        + view.deployment().escrowAddress());
            }
            TransactionReceipt r = new EscrowClient(chain, view.deployment(), key).withdraw();
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("account", key.getAddress());
            o.put("withdrawnMinor", credit);
            o.put("txHash", r.getTransactionHash());
            o.put("blockNumber", r.getBlockNumber().longValueExact());
            o.put("tokenBalanceMinor", view.tokenBalance(key.getAddress()));
            return o;
        });
    }

    /** A chain step's refusal that needs no transaction to know (exit 1). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    interface ChainStep {
        ObjectNode run(Chain chain, EscrowView view) throws IOException;
    }

    private int onChain(ChainStep step) {
        String url = rpcUrl != null ? rpcUrl : env("DEPA_RPC_URL", "http://127.0.0.1:8545");
        long id = chainId != null ? chainId : Long.parseLong(env("DEPA_CHAIN_ID", "31337"));
        String address = escrow != null ? escrow : env("DEPA_ESCROW", null);
        if (address == null) {
            throw new UsageError("--escrow is required (or $DEPA_ESCROW): the DepaEscrow contract's address");
        }
        if (!address.matches("0x[0-9a-fA-F]{40}")) {
            throw new UsageError("--escrow must be an address (0x and 40 hex digits), got '" + address + "'");
        }
        if (!url.matches("https?://[^\\s]+")) {
            throw new UsageError("--rpc-url must be an http:// or https:// URL, got '" + url + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Chain connected;
        try {
            connected = Chain.connect(url, id);
        } catch (ChainException e) {
            LOG.log(Level.INFO, "payment chain", e);
            err.println("error: " + e.getMessage());
            err.flush();
            return unreachable(e) ? UNREACHABLE : USAGE;
        }
        try (Chain chain = connected) {
            ObjectNode result = step.run(chain, EscrowView.at(chain, address));
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            out.flush();
            return OK;
        } catch (Refused e) {
            err.println("refused: " + e.getMessage());
            err.flush();
            return REFUSED;
        } catch (ChainException | IOException e) {
            LOG.log(Level.INFO, "payment chain", e);
            boolean down = unreachable(e);
            err.println((down ? "unreachable: " : "refused: ") + e.getMessage());
            err.flush();
            return down ? UNREACHABLE : REFUSED;
        }
    }

    /** Whether {@code e} comes from a node that does not answer (a connection or I/O failure underneath). */
    static boolean unreachable(Throwable e) {
        Set<Throwable> seen = new LinkedHashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static void checkContract(String contract) {
        if (!contract.matches("[a-z0-9][a-z0-9._-]{0,127}")) {
            throw new UsageError("--contract must be a contract id (a-z, 0-9, '.', '_', '-'), got '" + contract + "'");
        }
    }

    private static void checkPayment(String id) {
        if (!id.matches("[a-z0-9][a-z0-9._-]{1,129}")) {
            throw new UsageError(
                    "--payment must be a payment instruction id (a-z, 0-9, '.', '_', '-'), got '" + id + "'");
        }
    }

    private static Credentials key(Path file) {
        String hex = new String(Inputs.read(file, KEY_FILE_MAX, "key file"), StandardCharsets.UTF_8).strip();
        if (!hex.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new UsageError("key file " + file + " must hold one private key as 64 hex digits");
        }
        return Credentials.create(hex);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
