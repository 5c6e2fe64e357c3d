package org.depa.payments.relay;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainKeys;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.Settlement;
import org.depa.payments.contracts.DepaEscrow;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** The relay's chain side: simulate, sign with an explicit nonce, send raw, find past payouts. */
final class ChainSender {
    private final Chain chain;
    private final Credentials key;
    private final EscrowDeployment deployment;

    ChainSender(Chain chain, Credentials key, EscrowDeployment deployment) {
        this.chain = chain;
        this.key = key;
        this.deployment = deployment;
    }

    Chain chain() {
        return chain;
    }

    /** Why {@code s} would revert now, or empty when it would succeed. */
    Optional<String> simulate(Settlement s) throws IOException {
        EthCall r = chain.web3j()
                .ethCall(
                        Transaction.createEthCallTransaction(
                                key.getAddress(), deployment.escrowAddress(), s.callData()),
                        DefaultBlockParameterName.LATEST)
                .send();
        if (r.hasError() || r.isReverted()) {
            String reason = r.hasError() ? r.getError().getMessage() : r.getRevertReason();
            String data = r.hasError() && r.getError().getData() != null
                    ? r.getError().getData()
                    : r.getValue();
            return Optional.of(RevertReasons.describe(reason, data));
        }
        return Optional.empty();
    }

    long nextNonce(long journalHighest) throws IOException {
        return Math.max(chain.pendingNonce(key.getAddress()).longValueExact(), journalHighest + 1);
    }

    /** The signed transaction (hex) of {@code s} with {@code nonce}. */
    String sign(Settlement s, long nonce) throws IOException {
        return sign(s, nonce, chain.gasPrice());
    }

    /** As {@link #sign(Settlement, long)} at a gas price already asked for (one per batch). */
    String sign(Settlement s, long nonce, BigInteger price) {
        RawTransaction raw = RawTransaction.createTransaction(
                BigInteger.valueOf(nonce), price, Chain.GAS_LIMIT, deployment.escrowAddress(), s.callData());
        return Numeric.toHexString(TransactionEncoder.signMessage(raw, chain.chainId(), key));
    }

    BigInteger gasPrice() throws IOException {
        return chain.gasPrice();
    }

    /** What the escrow holds for {@code contractId} now, in minor units. */
    long escrowBalance(String contractId) throws IOException {
        var r = new org.web3j.tx.ReadonlyTransactionManager(chain.web3j(), key.getAddress());
        try {
            return DepaEscrow.load(deployment.escrowAddress(), chain.web3j(), r, chain.gas())
                    .escrows(ChainKeys.contract(contractId))
                    .send()
                    .component2()
                    .longValueExact();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the escrow of " + contractId + " could not be read: " + e.getMessage(), e);
        }
    }

    static String hashOf(String rawTx) {
        return Hash.sha3(rawTx);
    }

    /** Sends {@code rawTx}; an error saying the node already has it or its nonce is used is returned. */
    Optional<String> send(String rawTx) throws IOException {
        EthSendTransaction r = chain.web3j().ethSendRawTransaction(rawTx).send();
        return r.hasError() ? Optional.of(r.getError().getMessage()) : Optional.empty();
    }

    Optional<TransactionReceipt> receipt(String txHash) throws IOException {
        return chain.receipt(txHash);
    }

    long head() throws IOException {
        return chain.blockNumber();
    }

    boolean settledOnChain(String paymentId) throws IOException {
        EthCall r = chain.web3j()
                .ethCall(
                        Transaction.createEthCallTransaction(
                                key.getAddress(),
                                deployment.escrowAddress(),
                                org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(
                                        DepaEscrow.FUNC_SETTLED,
                                        List.of(new org.web3j.abi.datatypes.generated.Bytes32(
                                                ChainKeys.instruction(paymentId))),
                                        List.of()))),
                        DefaultBlockParameterName.LATEST)
                .send();
        return !r.hasError() && Numeric.toBigInt(r.getValue()).signum() != 0;
    }

    /** The Settled log of {@code paymentId} on the current chain, if the escrow paid it. */
    Optional<Log> settledLog(String paymentId) throws IOException {
        EthFilter f = new EthFilter(
                DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, deployment.escrowAddress());
        f.addSingleTopic(EventEncoder.encode(DepaEscrow.SETTLED_EVENT));
        f.addSingleTopic(ChainKeys.hex(ChainKeys.instruction(paymentId)));
        return chain.web3j().ethGetLogs(f).send().getLogs().stream()
                .map(l -> (Log) l.get())
                .filter(l -> !l.isRemoved())
                .findFirst();
    }
}
