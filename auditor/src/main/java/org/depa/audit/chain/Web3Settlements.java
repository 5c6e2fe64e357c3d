package org.depa.audit.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.payments.chain.ChainKeys;
import org.depa.payments.contracts.DepaEscrow;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The payment chain read over JSON-RPC (no key: {@code eth_chainId} and
 * {@code eth_getTransactionReceipt}): the recorded transaction must have succeeded in the recorded
 * block and carry a {@code Settled} log emitted by the pinned escrow for exactly this instruction.
 * A node that does not answer is a {@link ChainUnavailableException} (an input error), not a FAIL.
 */
public final class Web3Settlements implements SettlementLookup, AutoCloseable {
    /** A participant's accounts on the chain: its own and its data principals'. */
    public record Payees(String payee, String principals) {}

    private static final String SETTLED_TOPIC = EventEncoder.encode(DepaEscrow.SETTLED_EVENT);

    private final Web3j web3j;
    private final String rpcUrl;
    private final String escrow;
    private final Map<String, Payees> payees;
    private final long chainId;

    private Web3Settlements(Web3j web3j, String rpcUrl, String escrow, Map<String, Payees> payees, long chainId) {
        this.web3j = web3j;
        this.rpcUrl = rpcUrl;
        this.escrow = escrow;
        this.payees = payees;
        this.chainId = chainId;
    }

    /**
     * The chain at {@code rpcUrl} with the escrow at {@code escrowAddress}.
     *
     * @param payees the auditor's accounts by participant id, overriding the contracts' signed terms, or empty
     */
    public static Web3Settlements connect(String rpcUrl, String escrowAddress, Map<String, Payees> payees) {
        if (escrowAddress == null || !escrowAddress.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("--escrow must be the escrow's address (0x and 40 hex digits)");
        }
        Web3j w = Web3j.build(new HttpService(rpcUrl));
        try {
            long id = w.ethChainId().send().getChainId().longValueExact();
            return new Web3Settlements(w, rpcUrl, escrowAddress.toLowerCase(Locale.ROOT), Map.copyOf(payees), id);
        } catch (IOException | RuntimeException e) {
            w.shutdown();
            throw new ChainUnavailableException(
                    "the payment chain at " + rpcUrl + " does not answer: " + e.getMessage());
        }
    }

    @Override
    public String problem(PaymentInstruction p, String receiptHash, PayoutAccounts signedPayout) {
        if (p.chainId() == null || p.chainId() != chainId) {
            return "the ledger records chain " + p.chainId() + ", the node at " + rpcUrl + " serves chain " + chainId;
        }
        if (p.externalTxHash() == null || !p.externalTxHash().matches("0x[0-9a-fA-F]{64}")) {
            return "the ledger records no transaction hash ('" + p.externalTxHash() + "')";
        }
        Optional<TransactionReceipt> found;
        try {
            found = web3j.ethGetTransactionReceipt(p.externalTxHash()).send().getTransactionReceipt();
        } catch (IOException e) {
            throw new ChainUnavailableException(
                    "the payment chain at " + rpcUrl + " stopped answering: " + e.getMessage());
        }
        if (found.isEmpty()) {
            return "the chain has no transaction " + p.externalTxHash();
        }
        TransactionReceipt r = found.get();
        if (!r.isStatusOK()) {
            return "transaction " + p.externalTxHash() + " reverted";
        }
        if (p.blockNumber() == null || r.getBlockNumber().longValueExact() != p.blockNumber()) {
            return "transaction " + p.externalTxHash() + " is in block " + r.getBlockNumber() + ", the ledger records "
                    + p.blockNumber();
        }
        String instruction = ChainKeys.hex(ChainKeys.instruction(p.paymentId()));
        String contract = ChainKeys.hex(ChainKeys.contract(p.contractId()));
        for (Log l : r.getLogs()) {
            List<String> t = l.getTopics();
            if (l.isRemoved()
                    || !escrow.equalsIgnoreCase(l.getAddress())
                    || t.size() != 3
                    || !SETTLED_TOPIC.equals(t.get(0))
                    || !instruction.equals(t.get(1))) {
                continue;
            }
            return eventProblem(p, receiptHash, l, contract, signedPayout);
        }
        return "transaction " + p.externalTxHash() + " holds no Settled event of escrow " + escrow + " for instruction "
                + p.paymentId();
    }

    @SuppressWarnings("rawtypes")
    private String eventProblem(
            PaymentInstruction p, String receiptHash, Log l, String contract, PayoutAccounts signedPayout) {
        if (!contract.equals(l.getTopics().get(2))) {
            return "the Settled event pays from the escrow of another contract than " + p.contractId();
        }
        List<Type> v = FunctionReturnDecoder.decode(l.getData(), DepaEscrow.SETTLED_EVENT.getNonIndexedParameters());
        String hash = Numeric.toHexString((byte[]) v.get(0).getValue());
        String payee = ((String) v.get(1).getValue()).toLowerCase(Locale.ROOT);
        BigInteger payeeAmount = (BigInteger) v.get(2).getValue();
        String principals = ((String) v.get(3).getValue()).toLowerCase(Locale.ROOT);
        BigInteger principalsAmount = (BigInteger) v.get(4).getValue();
        if (!hash.equalsIgnoreCase(receiptHash)) {
            return "the Settled event names receipt " + hash + ", run " + p.runId() + "'s receipt hashes to "
                    + receiptHash;
        }
        if (!payeeAmount.equals(BigInteger.valueOf(p.payeeMinor()))
                || !principalsAmount.equals(BigInteger.valueOf(p.dataPrincipalMinor()))) {
            return "the chain paid " + payeeAmount + " + " + principalsAmount + " minor units, the ledger records "
                    + p.payeeMinor() + " + " + p.dataPrincipalMinor();
        }
        Payees expected = payees.get(p.payeeId());
        String whose = "--payees' accounts for " + p.payeeId();
        if (expected == null && signedPayout != null) {
            expected = new Payees(signedPayout.tdpAccount(), signedPayout.principalsAccount());
            whose = "the accounts contract " + p.contractId() + "'s signed terms name for " + p.payeeId();
        }
        if (expected == null) {
            return "neither the contract's signed terms nor --payees name accounts for " + p.payeeId()
                    + "; the chain paid " + payee + " and " + principals;
        }
        if (!expected.payee().equalsIgnoreCase(payee) || !expected.principals().equalsIgnoreCase(principals)) {
            return "the chain paid " + payee + " and " + principals + ", not " + whose + ", " + expected.payee()
                    + " and " + expected.principals();
        }
        return null;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
