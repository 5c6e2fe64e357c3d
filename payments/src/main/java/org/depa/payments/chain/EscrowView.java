package org.depa.payments.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.depa.payments.contracts.DepaEscrow;
import org.depa.payments.contracts.DepaToken;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * What anyone can read of the escrow without a key: a DEPA contract's escrow, its payouts (the
 * {@code Settled} logs: transaction, block, confirmations, amounts), credits and token balances.
 */
public final class EscrowView {
    /** One payout of a contract's escrow, from its {@code Settled} log. */
    public record Payout(
            String instructionKey,
            String txHash,
            long blockNumber,
            long confirmations,
            String receiptHash,
            String payee,
            long payeeMinor,
            String principals,
            long principalsMinor) {}

    /**
     * A DEPA contract's escrow: its funder (empty when never funded), what it holds, and why it was
     * closed (0 open, 1 completed, 2 expired, 3 revoked), and whether the rest went back to the funder.
     */
    public record Escrow(String funder, long balanceMinor, int closedReason, boolean refunded) {}

    private static final String NO_ONE = "0x0000000000000000000000000000000000000000";
    private final Chain chain;
    private final EscrowDeployment deployment;
    private final DepaEscrow escrow;
    private final DepaToken token;

    private EscrowView(Chain chain, EscrowDeployment deployment) {
        this.chain = chain;
        this.deployment = deployment;
        ReadonlyTransactionManager reader = new ReadonlyTransactionManager(chain.web3j(), NO_ONE);
        this.escrow = DepaEscrow.load(deployment.escrowAddress(), chain.web3j(), reader, chain.gas());
        this.token = DepaToken.load(deployment.tokenAddress(), chain.web3j(), reader, chain.gas());
    }

    /** The escrow at {@code escrowAddress} and the token it pays in (its {@code token()}). */
    public static EscrowView at(Chain chain, String escrowAddress) {
        ReadonlyTransactionManager reader = new ReadonlyTransactionManager(chain.web3j(), NO_ONE);
        DepaEscrow e = DepaEscrow.load(escrowAddress, chain.web3j(), reader, chain.gas());
        String tokenAddress = call("the escrow's token (is " + escrowAddress + " a DepaEscrow?)", e.token());
        return new EscrowView(chain, new EscrowDeployment(tokenAddress, escrowAddress));
    }

    public EscrowDeployment deployment() {
        return deployment;
    }

    public Escrow escrow(String contractId) {
        var t = call("the escrow of " + contractId, escrow.escrows(ChainKeys.contract(contractId)));
        String funder = NO_ONE.equalsIgnoreCase(t.component1()) ? "" : t.component1();
        return new Escrow(
                funder, t.component2().longValueExact(), t.component3().intValueExact(), t.component4());
    }

    public long credit(String address) {
        return call("the credit of " + address, escrow.credits(address)).longValueExact();
    }

    public long tokenBalance(String address) {
        return call("the token balance of " + address, token.balanceOf(address)).longValueExact();
    }

    /** Whether the funder registered {@code contractId}'s payout accounts (settlements pay only those). */
    public boolean payeesRegistered(String contractId) {
        return call("payeesRegistered[" + contractId + "]", escrow.payeesRegistered(ChainKeys.contract(contractId)));
    }

    public boolean settled(String paymentId) {
        return call("settled[" + paymentId + "]", escrow.settled(ChainKeys.instruction(paymentId)));
    }

    /** Every payout of {@code contractId}'s escrow on the node's current chain, oldest first. */
    public List<Payout> payouts(String contractId) {
        try {
            EthFilter f = new EthFilter(
                    DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, deployment.escrowAddress());
            f.addSingleTopic(EventEncoder.encode(DepaEscrow.SETTLED_EVENT));
            f.addNullTopic();
            f.addSingleTopic(ChainKeys.hex(ChainKeys.contract(contractId)));
            long head = chain.blockNumber();
            List<Payout> out = new ArrayList<>();
            for (var result : chain.web3j().ethGetLogs(f).send().getLogs()) {
                Log l = (Log) result.get();
                if (l.isRemoved()) {
                    continue;
                }
                @SuppressWarnings("rawtypes")
                List<Type> v =
                        FunctionReturnDecoder.decode(l.getData(), DepaEscrow.SETTLED_EVENT.getNonIndexedParameters());
                long block = l.getBlockNumber().longValueExact();
                out.add(new Payout(
                        l.getTopics().get(1),
                        l.getTransactionHash(),
                        block,
                        head - block + 1,
                        Numeric.toHexString((byte[]) v.get(0).getValue()),
                        (String) v.get(1).getValue(),
                        ((BigInteger) v.get(2).getValue()).longValueExact(),
                        (String) v.get(3).getValue(),
                        ((BigInteger) v.get(4).getValue()).longValueExact()));
            }
            return out;
        } catch (IOException e) {
            throw new ChainException("the node at " + chain.rpcUrl() + " does not answer: " + e.getMessage(), e);
        }
    }

    private static <T> T call(String what, RemoteFunctionCall<T> call) {
        try {
            return call.send();
        } catch (Exception e) {
            throw new ChainException("reading " + what + " failed: " + ChainException.brief(e), e);
        }
    }
}
