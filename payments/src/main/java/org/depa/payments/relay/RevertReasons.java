package org.depa.payments.relay;

import java.math.BigInteger;
import java.util.Map;

/** The escrow's custom errors, named for people (a node reports only their selector and data). */
final class RevertReasons {
    private static final Map<String, String> SELECTORS = Map.of(
            selector("InsufficientEscrow(bytes32,uint256,uint256)"), "InsufficientEscrow",
            selector("AlreadySettled(bytes32)"), "AlreadySettled",
            selector("EscrowClosed(bytes32)"), "EscrowClosed",
            selector("ZeroAddress()"), "ZeroAddress",
            selector("ZeroAmount()"), "ZeroAmount",
            selector("AccessControlUnauthorizedAccount(address,bytes32)"), "AccessControlUnauthorizedAccount",
            selector("NotAContractPayee(bytes32,address,address)"), "NotAContractPayee");

    private RevertReasons() {}

    private static String selector(String signature) {
        return org.web3j.crypto.Hash.sha3String(signature).substring(0, 10);
    }

    private static final java.util.regex.Pattern CUSTOM_ERROR =
            java.util.regex.Pattern.compile("custom error (0x[0-9a-fA-F]{8}):?\\s*(?:0x)?([0-9a-fA-F]*)");

    static String describe(String message, String data) {
        if (data == null || data.length() < 10 || !data.startsWith("0x")) {
            java.util.regex.Matcher m = CUSTOM_ERROR.matcher(String.valueOf(message));
            if (m.find()) {
                data = m.group(1).toLowerCase(java.util.Locale.ROOT)
                        + m.group(2).toLowerCase(java.util.Locale.ROOT);
            }
        }
        if (data == null || data.length() < 10) {
            return "the escrow refuses the settlement: " + message;
        }
        String name = SELECTORS.get(data.substring(0, 10));
        if ("InsufficientEscrow".equals(name) && data.length() >= 10 + 64 * 3) {
            BigInteger balance = new BigInteger(data.substring(10 + 64, 10 + 128), 16);
            BigInteger needed = new BigInteger(data.substring(10 + 128, 10 + 192), 16);
            return "escrow not funded: it holds " + balance + " minor units, this payment needs " + needed;
        }
        if ("NotAContractPayee".equals(name) && data.length() >= 10 + 64 * 3) {
            return "the escrow's funder registered no such payee: the contract's payout accounts 0x"
                    + data.substring(10 + 64 + 24, 10 + 128) + " and 0x" + data.substring(10 + 128 + 24, 10 + 192)
                    + " are not registered with this escrow (the TDC registers the signed terms' accounts when"
                    + " it funds)";
        }
        return "the escrow refuses the settlement: " + (name != null ? name : message);
    }
}
