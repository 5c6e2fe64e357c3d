package org.depa.payments.chain;

import java.math.BigInteger;
import org.depa.payments.contracts.DepaEscrow;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * One payout the escrow makes for a payment instruction: the TDP's share to its account and the
 * data principals' share to theirs, out of the escrow of the instruction's DEPA contract.
 */
public record Settlement(
        String paymentId,
        String contractId,
        String receiptHash,
        String payeeAddress,
        long payeeMinor,
        String principalsAddress,
        long principalsMinor) {
    /** The call data of {@code DepaEscrow.settle} for this payout. */
    public String callData() {
        return FunctionEncoder.encode(new Function(
                DepaEscrow.FUNC_SETTLE,
                java.util.List.of(
                        new Bytes32(ChainKeys.instruction(paymentId)),
                        new Bytes32(ChainKeys.contract(contractId)),
                        new Bytes32(ChainKeys.bytes32(receiptHash)),
                        new Address(payeeAddress),
                        new Uint256(BigInteger.valueOf(payeeMinor)),
                        new Address(principalsAddress),
                        new Uint256(BigInteger.valueOf(principalsMinor))),
                java.util.List.of()));
    }

    public long totalMinor() {
        return Math.addExact(payeeMinor, principalsMinor);
    }
}
