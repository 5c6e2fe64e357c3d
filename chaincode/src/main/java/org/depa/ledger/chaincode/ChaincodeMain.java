package org.depa.ledger.chaincode;

import java.time.Clock;

/**
 * Entry point of the chaincode process: the chaincode's own {@link TransactionRouter} (no
 * class-path scan), as a service when CHAINCODE_SERVER_ADDRESS is set (Fabric's
 * chaincode-as-a-service builder dials it), otherwise dialling the peer that launched it.
 * Refusals are logged at FINE, not as the shim's SEVERE stack traces ({@link RefusalLog}).
 * Every proposal is refused whose timestamp is further than {@code DEPA_TX_TIME_WINDOW} (default 5
 * minutes) from this process's clock ({@link ProposalTimeWindow}). A malformed window or
 * {@link ChaincodeSettings} value (the development switch) stops the process with one line naming the
 * setting.
 */
public final class ChaincodeMain {
    private ChaincodeMain() {}

    public static void main(String[] args) throws Exception {
        RefusalLog.install();
        ProposalTimeWindow window;
        try {
            // The chaincode's one wall clock (house rule: RepositoryRulesTest): read only to refuse proposals
            // stamped too far from it, never to decide what is written (ProposalTimeWindow says why that is safe).
            window = ProposalTimeWindow.fromEnvironment(Clock.systemUTC());
            // The development switch and the bootstrap values, read once more at the first proposal: a malformed
            // one stops the process here, not after it has started serving.
            ChaincodeSettings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("chaincode: " + e.getMessage());
            System.exit(2);
            return;
        }
        TransactionRouter.forProcess(args, window).serve();
    }
}
