package org.depa.payments.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
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
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * One Ethereum chain reached over JSON-RPC: its URL and the chain id every signature is bound to
 * (EIP-155). The chain id is checked against the node's at connection, so a relay configured for
 * one chain never signs for another.
 *
 * <p>Whoever waits for a transaction here (a wrapper's {@code send()}, the relay) asks the node for
 * its receipt every {@link #pollInterval()}: by default {@link #DEFAULT_POLL_INTERVAL} (Web3j's own
 * default, 15 s, is a mainnet block time and made every transaction on a chain with 1-second blocks
 * take 15 s); a node on this machine ({@link LocalNode#connect()}) is asked every 100 ms. A
 * wrapper's {@code send()} gives up after {@link #RECEIPT_TIMEOUT}.
 */
public final class Chain implements AutoCloseable {
    /** Gas limit for the escrow's transactions (a settlement uses about 100,000). */
    public static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

    /** How often a receipt is asked for unless configured: one cheap JSON-RPC call a second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** How long a wrapper's {@code send()} waits for its receipt (Web3j's own: 40 polls of 15 s). */
    public static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(10);

    private final Web3j web3j;
    private final long chainId;
    private final String rpcUrl;
    private final Duration pollInterval;

    private Chain(Web3j web3j, long chainId, String rpcUrl, Duration pollInterval) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
        this.pollInterval = pollInterval;
    }

    /** Connects to {@code rpcUrl} and checks that the node serves chain {@code chainId}. */
    public static Chain connect(String rpcUrl, long chainId) {
        return connect(rpcUrl, chainId, DEFAULT_POLL_INTERVAL);
    }

    /**
     * As {@link #connect(String, long)}, asking for receipts every {@code pollInterval} (10 ms to
     * 60 s: about the chain's block time or less).
     */
    public static Chain connect(String rpcUrl, long chainId, Duration pollInterval) {
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(
                    "the poll interval must be between 10 ms and 60 s, got " + pollInterval.toMillis() + " ms");
        }
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
        return new Chain(web3j, chainId, rpcUrl, pollInterval);
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

    /** How often a receipt (or the chain's head, for confirmations) is asked for. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * Waits before the next look for what the node has not done yet (a receipt), {@code looks}
     * looks made so far: an eighth of the poll interval after the first, a quarter after the
     * second, a half after the third, then the poll interval. A node that mines at once (anvil)
     * usually has the receipt a few milliseconds after the send: a whole interval after a first
     * look that came a moment early made a 3-ms transaction take 13 (the benchmark's bimodal p50).
     * On a chain with real block times this adds three cheap calls per transaction.
     */
    public void awaitNextLook(int looks) throws InterruptedException {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos() >> Math.max(0, Math.min(3, 4 - looks)));
    }

    /**
     * Signs for {@code credentials} on this chain, with the nonce the node reports as pending; a
     * transaction's {@code send()} polls for its receipt every {@link #pollInterval()}.
     */
    public TransactionManager transactions(Credentials credentials) {
        long every = pollInterval.toMillis();
        int attempts = (int) Math.max(1, RECEIPT_TIMEOUT.toMillis() / every);
        return new RawTransactionManager(
                web3j, credentials, chainId, new PollingTransactionReceiptProcessor(web3j, every, attempts));
    }

    /** The node's current gas price, twice, so a transaction is mined even if the base fee rises. */
    public ContractGasProvider gas() {
        try {
            return new StaticGasProvider(gasPrice(), GAS_LIMIT);
        } catch (IOException e) {
            throw new ChainException("the node at " + rpcUrl + " does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * The price to offer: the node's suggestion plus the latest block's base fee, as headroom for
     * the base fee to rise before the transaction is included. Not twice the suggestion: a node's
     * suggestion follows recent prices, so an account that pays double every time doubles the
     * suggestion with each of its own transactions (on anvil the relay's 17th settlement asked for
     * more than its 10,000 ETH).
     */
    public BigInteger gasPrice() throws IOException {
        BigInteger suggested = web3j.ethGasPrice().send().getGasPrice();
        var latest = web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
                .send()
                .getBlock();
        String base = latest == null ? null : latest.getBaseFeePerGasRaw();
        return base == null ? suggested : suggested.add(org.web3j.utils.Numeric.decodeQuantity(base));
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
