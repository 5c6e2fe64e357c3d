package org.depa.payments.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * One Ethereum chain reached over JSON-RPC: its URL and the chain id every signature is bound to
 * (EIP-155). The chain id is checked against the node's at connection, so a relay configured for
 * one chain never signs for another.
 */
public final class Chain implements AutoCloseable {
    /** Gas limit for the escrow's transactions (a settlement uses about 100,000). */
    public static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

    private final Web3j web3j;
    private final long chainId;
    private final String rpcUrl;

    private Chain(Web3j web3j, long chainId, String rpcUrl) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
    }

    /** Connects to {@code rpcUrl} and checks that the node serves chain {@code chainId}. */
    public static Chain connect(String rpcUrl, long chainId) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long served = web3j.ethChainId().send().getChainId().longValueExact();
            if (served != chainId) {
                web3j.shutdown();
                throw new ChainException(
                        "the node at " + rpcUrl + " serves chain " + served + ", not the configured " + chainId);
            }
        } catch (IOException e) {
            web3j.shutdown();
            throw new ChainException("the node at " + rpcUrl + " does not answer: " + e.getMessage(), e);
        }
        return new Chain(web3j, chainId, rpcUrl);
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    /** Signs for {@code credentials} on this chain, with the nonce the node reports as pending. */
    public TransactionManager transactions(Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, chainId);
    }

    /** The node's current gas price, twice, so a transaction is mined even if the base fee rises. */
    public ContractGasProvider gas() {
        try {
            BigInteger price = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
            return new StaticGasProvider(price, GAS_LIMIT);
        } catch (IOException e) {
            throw new ChainException("the node at " + rpcUrl + " does not answer: " + e.getMessage(), e);
        }
    }

    public long blockNumber() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    public BigInteger pendingNonce(String address) throws IOException {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING)
                .send()
                .getTransactionCount();
    }

    /** The receipt of {@code txHash} if the transaction is in the node's current chain. */
    public Optional<TransactionReceipt> receipt(String txHash) throws IOException {
        return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
