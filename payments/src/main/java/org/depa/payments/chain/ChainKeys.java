package org.depa.payments.chain;

import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The escrow's keys for the ledger's ids: keccak256 of the id's UTF-8 bytes. */
public final class ChainKeys {
    private ChainKeys() {}

    /** The escrow key of DEPA contract {@code contractId}. */
    public static byte[] contract(String contractId) {
        return Hash.sha3(contractId.getBytes(StandardCharsets.UTF_8));
    }

    /** The settlement key of payment instruction {@code paymentId}. */
    public static byte[] instruction(String paymentId) {
        return Hash.sha3(paymentId.getBytes(StandardCharsets.UTF_8));
    }

    /** A 0x-prefixed SHA-256 or keccak hex digest as the 32 bytes the contract takes. */
    public static byte[] bytes32(String hex) {
        byte[] b = Numeric.hexStringToByteArray(hex);
        if (b.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes of hex, got " + b.length);
        }
        return b;
    }

    public static String hex(byte[] key) {
        return Numeric.toHexString(key);
    }
}
