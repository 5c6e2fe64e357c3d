package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.fabric.FabricAudit;
import org.depa.audit.fabric.FabricExporter;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The auditor over the real network, after every other test of the build wrote to it (this class
 * runs in its own surefire execution, after fabric-it's other tests): every block exported from
 * each organisation's peer through the Gateway's deliver service, and the honest ledger passes
 * every Fabric check and every domain check (contracts, runs and their attestation, key releases,
 * receipts, budgets, payments, replayed from the writes). The bundle and its reports stay in target/audit-bundle for reading.
 *
 * <p>By nature it comes after the tests that write a clean-room run's history (CleanRoomRunIT's
 * COVID run, KmsReleaseIT, AgentKillIT, DeploymentIT); it writes nothing itself. Run alone, it
 * audits whatever the network holds: no check may fail on any honest ledger, and on one that holds
 * no such history yet (a network fresh from {@code network.sh clean}) the test is skipped naming
 * what is missing, instead of failing on checks that had nothing to check. The network only
 * grows, so once a run's history is on it this test asserts everything, alone or not.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class LedgerAuditAfterIT {
    @Test
    void theHonestLedgerExportedFromEveryPeerPassesEveryCheck() throws Exception {
        LocalNetwork network = new LocalNetwork(Path.of(System.getProperty("depa.fabric.network")));
        Path bundle = Path.of("target/audit-bundle");
        if (Files.exists(bundle)) {
            try (Stream<Path> files = Files.walk(bundle)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        PrintStream log = new PrintStream(PrintStream.nullOutputStream());
        LedgerHistory history = new LedgerHistory(LocalNetwork.CHAINCODE);
        for (String org : List.of("SROMSP", "ProviderMSP", "ConsumerMSP")) {
            FabricExporter.export(network.settings(org, "User1"), bundle, org + "-peer0", log);
        }
        Bundle b = Bundle.read(bundle);
        assertThat(b.exports()).hasSize(3);
        long started = System.nanoTime();
        AuditReport report = new AuditReport(bundle.resolve("audit"), bundle.toString());
        try (report) {
            // network.sh deploys the chaincode with the development switch (emulated clean rooms):
            // accepted here, and flagged.
            FabricAudit.run(b, new FabricAudit.Options(null, null, false, true), report, log, List.of(history));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "audited height %s in %.1f s: %d passed, %d skipped%n",
                report.anchors().get("height"), seconds, report.count(Status.PASS), report.count(Status.SKIP));
        assertThat(report.failures()).isEmpty();
        List<String> missing = history.missing(LedgerHistory.CLEAN_ROOM_RUN);
        assumeTrue(
                missing.isEmpty(),
                () -> "nothing to audit for every check: the network's ledger (height "
                        + report.anchors().get("height") + ", " + network.directory()
                        + ") holds no object of the types " + missing
                        + ". This test audits the history the other network tests write and runs after them (fabric-it's"
                        + " audit-after execution); alone, on a fresh network, run CleanRoomRunIT first"
                        + " (fabric-it/README.md). Every check that ran passed.");
        for (String id : List.of(
                Checks.HASH_CHAIN,
                Checks.DATA_HASH,
                Checks.ORDERER_SIGNATURES,
                Checks.TX_CANONICAL,
                Checks.TX_CREATOR,
                Checks.TX_SIGNATURE,
                Checks.ENDORSEMENT_SIGNATURES,
                Checks.ENDORSER_IDENTITIES,
                Checks.ENDORSEMENT_POLICY,
                Checks.PEERS_BLOCKS,
                Checks.PEERS_FLAGS,
                // The domain replay over what the network tests and the COVID run (CleanRoomRunIT) wrote.
                Checks.DEVELOPMENT_ROOT,
                Checks.DOMAIN_RECORDS,
                Checks.CONTRACT_DOCUMENT,
                Checks.CONTRACT_SIGNATURE,
                Checks.CONTRACT_ACTIVATION,
                Checks.RUN_ATTESTATION,
                Checks.KEY_RELEASE,
                Checks.RECEIPT_SIGNATURE,
                Checks.RECEIPT_EPSILON,
                Checks.BUDGET,
                Checks.PAYMENT)) {
            assertThat(report.count(id, Status.PASS)).as(id).isPositive();
        }
    }
}
