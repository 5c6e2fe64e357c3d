package org.depa.gateway.chain;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A contract's money on the payment chain, as the chain says now: the escrow's balance for the
 * contract (and the escrow's whole token balance), and each payout account's token balance and
 * the credit the escrow holds for it (settled, not yet withdrawn). When the chain is not
 * configured or does not answer, {@code shown} is false and {@code problem} says why.
 *
 * @param escrowMinor what the escrow holds for this contract (minor units)
 * @param escrowFunder who funded the contract's escrow, or empty when no one has
 * @param escrowClosed 0 open, 1 completed, 2 expired, 3 revoked
 * @param escrowTokenMinor the escrow contract's whole token balance (every contract's escrow)
 */
@TemplateData
public record ChainBalances(
        boolean shown,
        String problem,
        String rpcUrl,
        long chainId,
        long blockNumber,
        String escrow,
        String token,
        long escrowMinor,
        String escrowFunder,
        int escrowClosed,
        long escrowTokenMinor,
        List<Account> accounts) {

    /** One payout account the contract's signed terms name. */
    @TemplateData
    public record Account(String address, String owner, String kind, long tokenMinor, long creditMinor) {}

    static ChainBalances notShown(String problem) {
        return new ChainBalances(false, problem, null, 0, 0, null, null, 0, "", 0, 0, List.of());
    }
}
