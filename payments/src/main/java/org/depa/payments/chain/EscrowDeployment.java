package org.depa.payments.chain;

import org.depa.payments.contracts.DepaEscrow;
import org.depa.payments.contracts.DepaToken;
import org.web3j.crypto.Credentials;

/** Where the token and the escrow live on a chain. */
public record EscrowDeployment(String tokenAddress, String escrowAddress) {
    /**
     * Deploys a fresh token (admin {@code admin}, who may mint) and an escrow over it whose
     * settlement role is {@code settlerAddress}: what a local chain needs; a consortium's own
     * chain deploys once and configures the two addresses.
     */
    public static EscrowDeployment deploy(Chain chain, Credentials admin, String settlerAddress) {
        try {
            DepaToken token = DepaToken.deploy(
                            chain.web3j(), chain.transactions(admin), chain.gas(), admin.getAddress())
                    .send();
            DepaEscrow escrow = DepaEscrow.deploy(
                            chain.web3j(),
                            chain.transactions(admin),
                            chain.gas(),
                            token.getContractAddress(),
                            admin.getAddress(),
                            settlerAddress)
                    .send();
            return new EscrowDeployment(token.getContractAddress(), escrow.getContractAddress());
        } catch (Exception e) {
            throw new ChainException("deploying the token and the escrow failed: " + ChainException.brief(e), e);
        }
    }
}
