package org.depa.payments.relay;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
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
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The relay's chain side: simulate, sign with an explicit nonce, send raw, find past payouts. The
 * next nonce and the gas price are asked once and then kept (the profile showed three calls per
 * settlement for them): the nonce counts up from the node's as this relay signs, and is asked
 * again after a "nonce too low" refusal ({@link #forgetNonce}); the price is asked again after
 * {@link #PRICE_KEPT} or a fee refusal ({@link #forgetPrice}), and the refused transaction is
 * signed again with the same nonce before anything else is sent.
 */
final class ChainSender {
    /** How long a gas price is used: a round of settlements, short against any chain's block time. */
    static final java.time.Duration PRICE_KEPT = java.time.Duration.ofSeconds(1);

    private final Chain chain;
    private final Credentials key;
    private final EscrowDeployment deployment;
    /** The next nonce to sign with, counted from the node's; -1 until asked or after a refusal. */
    private long nextNonce = -1;

    private BigInteger price;
    private long priceAt;

    ChainSender(Chain chain, Credentials key, EscrowDeployment deployment) {
        this.chain = chain;
        this.key = key;
        this.deployment = deployment;
    }

    Chain chain() {
        return chain;
    }

    /**
     * Why the settlement with call data {@code settleCall} ({@link Settlement#callData}, encoded
     * once per settlement for the simulation and the signature) would revert now, or empty.
     */
    Optional<String> simulate(String settleCall) throws IOException {
        return refusal(call(settleCall).send());
    }

    /** What {@link #checkAll} found: per settlement why it would revert (empty: it would not), balances. */
    record Checks(List<Optional<String>> refusals, Map<String, Long> escrowBalances) {}

    /**
     * Simulates every settlement of {@code settlements} and reads the escrow balance of each
     * contract of {@code balancesOf}, all in one JSON-RPC batch (one request to the node for a
     * round's checks: the profile showed each call's HTTP round trip as a visible share of the
     * relay's own time). Each answer is read as {@link #simulate} and {@link #escrowBalance} do.
     */
    Checks checkAll(List<String> settlements, java.util.Collection<String> balancesOf) throws IOException {
        if (settlements.isEmpty() && balancesOf.isEmpty()) {
            return new Checks(List.of(), Map.of());
        }
        BatchRequest batch = chain.web3j().newBatch();
        for (String settleCall : settlements) {
            batch.add(call(settleCall));
        }
        List<String> contracts = List.copyOf(balancesOf);
        for (String c : contracts) {
            batch.add(call(escrowsCall(c)));
        }
        List<? extends Response<?>> answers = batch.send().getResponses();
        if (answers.size() != settlements.size() + contracts.size()) {
            throw new IOException("the node answered " + answers.size() + " of "
                    + (settlements.size() + contracts.size()) + " calls of a batch");
        }
        List<Optional<String>> refusals = new java.util.ArrayList<>();
        for (int i = 0; i < settlements.size(); i++) {
            refusals.add(refusal((EthCall) answers.get(i)));
        }
        Map<String, Long> balances = new java.util.HashMap<>();
        for (int i = 0; i < contracts.size(); i++) {
            balances.put(contracts.get(i), balance((EthCall) answers.get(settlements.size() + i), contracts.get(i)));
        }
        return new Checks(refusals, balances);
    }

    /**
     * The one thread of this JVM that asks the node for rounds' checks ({@link #checkAllLater}),
     * named so the benchmark counts its CPU with the relay's.
     */
    private static final java.util.concurrent.ExecutorService CHECKS =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, PaymentRelay.CHECKS_THREAD);
                t.setDaemon(true);
                return t;
            });

    /**
     * {@link #checkAll} asked on another thread, so the relay can sign the round while the node
     * simulates it (nothing is journalled or sent before the answer is read).
     */
    java.util.concurrent.Future<Checks> checkAllLater(
            List<String> settlements, java.util.Collection<String> balancesOf) {
        return CHECKS.submit(() -> checkAll(settlements, balancesOf));
    }

    /** The answer of {@link #checkAllLater}: its failure as the {@link IOException} it was. */
    static Checks answer(java.util.concurrent.Future<Checks> asked) throws IOException, InterruptedException {
        try {
            return asked.get();
        } catch (InterruptedException e) {
            asked.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("the round's checks failed: " + e.getCause(), e.getCause());
        }
    }

    private Request<?, EthCall> call(String data) {
        return chain.web3j()
                .ethCall(
                        Transaction.createEthCallTransaction(key.getAddress(), deployment.escrowAddress(), data),
                        DefaultBlockParameterName.LATEST);
    }

    /** Why a simulation says the settlement would revert, or empty when it would succeed. */
    private static Optional<String> refusal(EthCall r) {
        if (r.hasError() || r.isReverted()) {
            String reason = r.hasError() ? r.getError().getMessage() : r.getRevertReason();
            String data = r.hasError() && r.getError().getData() != null
                    ? r.getError().getData()
                    : r.getValue();
            return Optional.of(RevertReasons.describe(reason, data));
        }
        return Optional.empty();
    }

    /**
     * The nonce for the next transaction (and {@code count - 1} after it): above the node's pending
     * count and the journal's highest, asked of the node only once, then counted up.
     */
    long nextNonces(long journalHighest, int count) throws IOException {
        if (nextNonce < 0) {
            nextNonce = chain.pendingNonce(key.getAddress()).longValueExact();
        }
        long n = Math.max(nextNonce, journalHighest + 1);
        nextNonce = n + count;
        return n;
    }

    /**
     * Gives back the nonces reserved from {@code next} on (none of them signed into anything
     * journalled or sent): the next transaction takes {@code next}.
     */
    void returnNonces(long next) {
        if (nextNonce >= 0) {
            nextNonce = next;
        }
    }

    /** The node refused a nonce as used: ask it again for the next one. */
    void forgetNonce() {
        nextNonce = -1;
    }

    /** The signed transaction (hex) of the settlement call {@code settleCall} with {@code nonce} at {@code price}. */
    String sign(String settleCall, long nonce, BigInteger price) {
        RawTransaction raw = RawTransaction.createTransaction(
                BigInteger.valueOf(nonce), price, Chain.GAS_LIMIT, deployment.escrowAddress(), settleCall);
        return Numeric.toHexString(TransactionEncoder.signMessage(raw, chain.chainId(), key));
    }

    /** The gas price to offer, asked again once {@link #PRICE_KEPT} has passed. */
    BigInteger gasPrice() throws IOException {
        if (price == null || System.nanoTime() - priceAt > PRICE_KEPT.toNanos()) {
            price = chain.gasPrice();
            priceAt = System.nanoTime();
        }
        return price;
    }

    /** The node refused the price: ask again before the next signature. */
    void forgetPrice() {
        price = null;
    }

    /** Whether a node's refusal of a transaction is about its fee (the price kept is too low now). */
    static boolean feeRefused(String error) {
        String e = error.toLowerCase(java.util.Locale.ROOT);
        return e.contains("underpriced")
                || e.contains("base fee")
                || e.contains("fee too low")
                || e.contains("gas price too low")
                || e.contains("max fee per gas less than");
    }

    /** Whether a node refused a transaction because its nonce is used. */
    static boolean nonceRefused(String error) {
        return error.toLowerCase(java.util.Locale.ROOT).contains("nonce too low");
    }

    /**
     * What the escrow holds for {@code contractId} now, in minor units: the second word of
     * {@code escrows(key)} (funder, balance, closed reason, refunded), read with one plain call (the
     * generated wrapper's decoding by reflection was a visible share of a round's checks).
     */
    long escrowBalance(String contractId) throws IOException {
        return balance(call(escrowsCall(contractId)).send(), contractId);
    }

    private static String escrowsCall(String contractId) {
        return org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(
                DepaEscrow.FUNC_ESCROWS,
                List.of(new org.web3j.abi.datatypes.generated.Bytes32(ChainKeys.contract(contractId))),
                List.of()));
    }

    private static long balance(EthCall r, String contractId) throws IOException {
        byte[] words = r.hasError() || r.getValue() == null ? new byte[0] : Numeric.hexStringToByteArray(r.getValue());
        if (words.length < 64) {
            throw new IOException("the escrow of " + contractId + " could not be read: "
                    + (r.hasError() ? r.getError().getMessage() : "a short answer"));
        }
        return new BigInteger(1, java.util.Arrays.copyOfRange(words, 32, 64)).longValueExact();
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

    /**
     * Whether the escrow has paid {@code paymentId} ({@code settled[id]}). A node that answers
     * with an error, or not at all, is a failure of this step (an {@link IOException}, retried by
     * the caller), never "not settled": that answer would let the relay sign the payout again.
     */
    boolean settledOnChain(String paymentId) throws IOException {
        String failure;
        EthCall r = null;
        try {
            r = call(org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(
                            DepaEscrow.FUNC_SETTLED,
                            List.of(new org.web3j.abi.datatypes.generated.Bytes32(ChainKeys.instruction(paymentId))),
                            List.of())))
                    .send();
            failure = r.hasError()
                    ? r.getError().getMessage()
                    : r.isReverted() || r.getValue() == null || r.getValue().length() < 3 ? "no answer" : null;
        } catch (IOException | org.web3j.protocol.exceptions.ClientConnectionException e) {
            failure = e.getMessage(); // no answer (Web3j reports an HTTP error status unchecked)
        }
        if (failure != null) {
            throw new IOException("the chain could not say whether " + paymentId + " is settled (settled[id]): "
                    + failure + "; nothing is sent until it can");
        }
        return Numeric.toBigInt(r.getValue()).signum() != 0;
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
