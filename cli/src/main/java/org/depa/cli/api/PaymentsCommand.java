package org.depa.cli.api;

import org.depa.ledger.model.tx.SettlePaymentRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa api payments ...}: payment instructions. */
@Command(name = "payments", description = "Payment instructions.")
final class PaymentsCommand extends GatewayCommand {
    /** The instruction: once settled its chain, transaction, block and confirmations; while PENDING why. */
    @Command(
            name = "show",
            description = "A payment instruction: once SETTLED its chain id, transaction, block and the"
                    + " confirmations it had when recorded; while PENDING the relay's reason (pendingReason).")
    int show(@Parameters(paramLabel = "PAYMENT") String id) {
        return callGateway(g -> g.get("/v1/payments/" + id));
    }

    @Command(
            name = "settle",
            description = "Payment relay: record the chain transaction that paid an instruction"
                    + " (the relay does this itself; for operators repairing a record).")
    int settle(
            @Parameters(paramLabel = "PAYMENT") String id,
            @Option(names = "--as", required = true) String relay,
            @Option(names = "--chain-id", required = true) long chainId,
            @Option(names = "--tx-hash", required = true) String hash,
            @Option(names = "--block", required = true) long block,
            @Option(names = "--confirmations", description = "How many confirmations the payout has (optional).")
                    Long confirmations) {
        return callGateway(g -> g.post(
                "/v1/payments/" + id + "/settle",
                new SettlePaymentRequest(id, relay, chainId, hash, block, confirmations)));
    }
}
