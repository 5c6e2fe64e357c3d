package org.depa.payments.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.contracts.DepaToken;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The baseline: plain ERC-20 transfers from one account, signed with a nonce kept locally and sent
 * raw, each done when its receipt is read (one confirmation, as the relay's settlements in the
 * benchmark). Two ways, one for each way the relay settles: one at a time (sign, send, await the
 * receipt, next) and pipelined (a batch signed with consecutive nonces, sent back to back, then
 * the receipts read in order), in batches of the size the relay keeps in flight.
 */
final class TransferBlocks {
    private final Chain chain;
    private final EscrowDeployment d;
    private final Credentials from;
    private final String data;
    private long nonce = -1;

    TransferBlocks(Chain chain, EscrowDeployment d, Credentials from, String to) {
        this.chain = chain;
        this.d = d;
        this.from = from;
        this.data = FunctionEncoder.encode(new Function(
                DepaToken.FUNC_TRANSFER, List.of(new Address(to), new Uint256(BigInteger.ONE)), List.of()));
    }

    /** {@code n} transfers one at a time; each item's time is its own, sign to receipt. */
    SettlementThroughput.Block oneAtATime(int n) throws IOException, InterruptedException {
        List<Long> nanos = new ArrayList<>();
        List<Long> gas = new ArrayList<>();
        long cpu = StepProfile.cpu();
        long start = System.nanoTime();
        BigInteger price = price();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            String hash = send(sign(price));
            TransactionReceipt r = await(hash);
            nanos.add(System.nanoTime() - t0);
            gas.add(r.getGasUsed().longValueExact());
        }
        return new SettlementThroughput.Block(nanos, gas, System.nanoTime() - start, StepProfile.cpu() - cpu);
    }

    /**
     * {@code n} transfers pipelined in batches of {@code batch}: each batch signed with consecutive
     * nonces, sent back to back, then its receipts read in order. An item's time runs from its
     * batch's start to its receipt (as a settlement in flight: from its round's start to its record).
     */
    SettlementThroughput.Block pipelined(int n, int batch) throws IOException, InterruptedException {
        List<Long> nanos = new ArrayList<>();
        List<Long> gas = new ArrayList<>();
        long cpu = StepProfile.cpu();
        long start = System.nanoTime();
        for (int at = 0; at < n; at += batch) {
            long t0 = System.nanoTime();
            BigInteger price = price();
            List<String> raws = new ArrayList<>();
            for (int i = at; i < Math.min(n, at + batch); i++) {
                raws.add(sign(price));
            }
            List<String> hashes = new ArrayList<>();
            for (String raw : raws) {
                hashes.add(send(raw));
            }
            for (String hash : hashes) {
                TransactionReceipt r = await(hash);
                nanos.add(System.nanoTime() - t0);
                gas.add(r.getGasUsed().longValueExact());
            }
        }
        return new SettlementThroughput.Block(nanos, gas, System.nanoTime() - start, StepProfile.cpu() - cpu);
    }

    /** The gas price, asked once per block or batch: the relay asks once per round too. */
    private BigInteger price() throws IOException {
        return chain.gasPrice();
    }

    private String sign(BigInteger price) throws IOException {
        if (nonce < 0) {
            nonce = chain.pendingNonce(from.getAddress()).longValueExact();
        }
        return Numeric.toHexString(TransactionEncoder.signMessage(
                RawTransaction.createTransaction(
                        BigInteger.valueOf(nonce++), price, Chain.GAS_LIMIT, d.tokenAddress(), data),
                chain.chainId(),
                from));
    }

    private String send(String raw) throws IOException {
        var sent = chain.web3j().ethSendRawTransaction(raw).send();
        if (sent.hasError()) {
            throw new IllegalStateException(
                    "transfer refused: " + sent.getError().getMessage());
        }
        return Hash.sha3(raw);
    }

    private TransactionReceipt await(String hash) throws IOException, InterruptedException {
        TransactionReceipt r = chain.receipt(hash).orElse(null);
        for (int looks = 1; r == null; looks++) {
            chain.awaitNextLook(looks); // as the relay waits for a settlement's receipt
            r = chain.receipt(hash).orElse(null);
        }
        if (!r.isStatusOK()) {
            throw new IllegalStateException("transfer reverted: " + hash);
        }
        return r;
    }
}
