package org.depa.payments.chain;

import java.math.BigInteger;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.payments.contracts.DepaEscrow;
import org.depa.payments.contracts.DepaToken;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The token and escrow as one account ({@code who}) uses them. */
public final class EscrowClient {
    private final Chain chain;
    private final Credentials who;
    private final DepaToken token;
    private final DepaEscrow escrow;

    public EscrowClient(Chain chain, EscrowDeployment deployment, Credentials who) {
        this.chain = chain;
        this.who = who;
        this.token = DepaToken.load(deployment.tokenAddress(), chain.web3j(), chain.transactions(who), chain.gas());
        this.escrow = DepaEscrow.load(deployment.escrowAddress(), chain.web3j(), chain.transactions(who), chain.gas());
    }

    public String address() {
        return who.getAddress();
    }

    public Chain chain() {
        return chain;
    }

    /** Creates {@code amountMinor} tokens for {@code to} (the token's minter only). */
    public TransactionReceipt mint(String to, long amountMinor) {
        return send("mint", token.mint(to, BigInteger.valueOf(amountMinor)));
    }

    /** A plain ERC-20 transfer of {@code amountMinor} to {@code to}. */
    public TransactionReceipt transfer(String to, long amountMinor) {
        return send("transfer", token.transfer(to, BigInteger.valueOf(amountMinor)));
    }

    /** Approves the escrow for {@code amountMinor} and adds it to {@code contractId}'s escrow. */
    public TransactionReceipt fund(String contractId, long amountMinor) {
        send("approve", token.approve(escrow.getContractAddress(), BigInteger.valueOf(amountMinor)));
        return send("fund", escrow.fund(ChainKeys.contract(contractId), BigInteger.valueOf(amountMinor)));
    }

    /**
     * Registers, once, the payout accounts of {@code contractId}'s signed terms with its escrow
     * (the funder only): settlements pay these pairs and no other account.
     */
    public TransactionReceipt registerPayees(String contractId, java.util.List<PayoutAccounts> accounts) {
        return send(
                "registerPayees",
                escrow.registerPayees(
                        ChainKeys.contract(contractId),
                        accounts.stream().map(PayoutAccounts::tdpAccount).toList(),
                        accounts.stream().map(PayoutAccounts::principalsAccount).toList()));
    }

    /** The data principals' account registered with TDP account {@code tdpAccount}, or empty. */
    public java.util.Optional<String> registeredPrincipals(String contractId, String tdpAccount) {
        String a = call("payees", escrow.payees(ChainKeys.contract(contractId), tdpAccount));
        return a == null || org.web3j.utils.Numeric.toBigInt(a).signum() == 0
                ? java.util.Optional.empty()
                : java.util.Optional.of(a);
    }

    /** Settles directly (the settlement role only); the relay signs its own transactions instead. */
    public TransactionReceipt settle(Settlement s) {
        return send(
                "settle",
                escrow.settle(
                        ChainKeys.instruction(s.paymentId()),
                        ChainKeys.contract(s.contractId()),
                        ChainKeys.bytes32(s.receiptHash()),
                        s.payeeAddress(),
                        BigInteger.valueOf(s.payeeMinor()),
                        s.principalsAddress(),
                        BigInteger.valueOf(s.principalsMinor())));
    }

    public TransactionReceipt withdraw() {
        return send("withdraw", escrow.withdraw());
    }

    public TransactionReceipt close(String contractId, CloseReason reason) {
        return send("close", escrow.close(ChainKeys.contract(contractId), BigInteger.valueOf(reason.code())));
    }

    public TransactionReceipt refund(String contractId) {
        return send("refund", escrow.refund(ChainKeys.contract(contractId)));
    }

    public long escrowBalance(String contractId) {
        return call("escrows", escrow.escrows(ChainKeys.contract(contractId)))
                .component2()
                .longValueExact();
    }

    public long credit(String address) {
        return call("credits", escrow.credits(address)).longValueExact();
    }

    public long tokenBalance(String address) {
        return call("balanceOf", token.balanceOf(address)).longValueExact();
    }

    public boolean settled(String paymentId) {
        return call("settled", escrow.settled(ChainKeys.instruction(paymentId)));
    }

    private static TransactionReceipt send(String what, RemoteFunctionCall<TransactionReceipt> call) {
        try {
            return call.send();
        } catch (Exception e) {
            throw new ChainException(what + " failed: " + ChainException.brief(e), e);
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
