package org.depa.payments.relay;

import java.time.Duration;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowDeployment;
import org.web3j.crypto.Credentials;

/**
 * What a relay needs: the chain (RPC URL and chain id), its signing key (the escrow's settlement
 * role), where the escrow is, the ledger participant it records as (role PAYMENT_RELAY), how
 * many confirmations make a payout final, and how long to wait for a receipt before sending the
 * same signed transaction again. The payees' accounts are not configuration: they come from each
 * contract's signed terms.
 */
public record RelayConfig(
        Chain chain,
        Credentials key,
        EscrowDeployment deployment,
        String relayParticipantId,
        int confirmations,
        Duration resendAfter) {
    public RelayConfig {
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1, got " + confirmations);
        }
    }
}
