package org.depa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.bundle.BundleException;
import org.depa.audit.embedded.EmbeddedAudit;
import org.depa.audit.fabric.FabricAudit;
import org.depa.audit.fabric.FabricExporter;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Status;
import org.depa.ledger.client.fabric.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa audit}: take the ledger away (export) and verify it offline (verify). */
@Command(
        name = "audit",
        description = "Export the ledger's blocks and verify them offline.",
        subcommands = {AuditCommand.Export.class, AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    static final int PASS = 0;
    static final int FAIL = 1;
    static final int INPUT_ERROR = 2;

    /** gRPC logs its transport set-up at INFO on standard error; the export reports progress itself. */
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code depa audit export}: every block of the channel from each named organisation's peer. */
    @Command(name = "export", description = "Fetch every block of the channel from the peers into a bundle directory.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--ledger", description = "fabric (the embedded ledger's directory is already its own record)")
        String ledger = "fabric";

        @Option(
                names = "--out",
                required = true,
                description = "The bundle directory (created; exports are added to it).")
        Path out;

        @Option(names = "--network", description = "The network's directory (default: var/network).")
        Path network;

        @Option(
                names = "--org",
                description = "An organisation whose peer to export from; repeatable (default: all three).")
        List<String> orgs = new ArrayList<>();

        @Option(names = "--user", description = "The identity to read as (default: User1).")
        String user = "User1";

        @Override
        public Integer call() {
            if (!"fabric".equals(ledger)) {
                System.err.println("depa audit export: --ledger " + ledger + " is not supported; only fabric"
                        + " (an embedded ledger's directory is already its own bundle: depa audit verify DIR)");
                return INPUT_ERROR;
            }
            Path dir = network != null
                    ? network
                    : Path.of(System.getProperty("depa.home", ".")).resolve("var/network");
            LocalNetwork net = new LocalNetwork(dir);
            if (!net.exists()) {
                System.err.println("depa audit export: no network in " + dir + " (network-config/network.sh up)");
                return INPUT_ERROR;
            }
            GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
            List<String> which = orgs.isEmpty() ? List.of("SROMSP", "ProviderMSP", "ConsumerMSP") : orgs;
            try {
                for (String org : which) {
                    var export = FabricExporter.export(net.settings(org, user), out, org + "-peer0", System.err);
                    System.out.println("exported " + export.height() + " blocks from " + org + " into "
                            + out.resolve(export.directory()));
                }
            } catch (FabricExporter.ExportException e) {
                System.err.println("depa audit export: " + e.getMessage());
                return FAIL;
            } catch (IOException
                    | UncheckedIOException
                    | IllegalArgumentException
                    | IllegalStateException
                    | BundleException e) {
                System.err.println("depa audit export: " + e.getMessage());
                return INPUT_ERROR;
            }
            return PASS;
        }
    }

    /** {@code depa audit verify}: every check; JSON and Markdown reports; exit 0 all pass, 1 any fail, 2 input error. */
    @Command(
            name = "verify",
            description = "Verify a bundle offline: blocks, signatures, endorsements, policies, config updates.")
    static final class Verify implements Callable<Integer> {
        @Parameters(
                index = "0",
                description = "The bundle directory (depa audit export --out), or an embedded ledger's directory.")
        Path bundle;

        @Option(names = "--genesis-hash", description = "The genesis block's header hash you pinned (64 hex digits).")
        String genesisHash;

        @Option(
                names = "--expect-head",
                description = "The last block's header hash you recorded earlier (64 hex digits).")
        String expectHead;

        @Option(names = "--report", description = "Where to write audit.json and audit.md (default: BUNDLE/audit).")
        Path reportDir;

        @Option(names = "--no-progress", description = "No progress bar.")
        boolean noProgress;

        @Option(
                names = "--allow-dev-root",
                description = "Accept a ledger whose chaincode trusts a development (emulator) attestation root;"
                        + " it is still flagged in the report.")
        boolean allowDevRoot;

        @Option(
                names = "--channel",
                description = "An embedded ledger's channel, as its signing payloads name it (default: depa).")
        String channel;

        @Option(
                names = "--chaincode",
                description = "An embedded ledger's chaincode name, as its signing payloads name it (default: depa).")
        String chaincode;

        @Override
        public Integer call() {
            if (EmbeddedAudit.isLedger(bundle)) {
                return new EmbeddedVerify(this).call();
            }
            FabricAudit.Options options;
            Bundle b;
            try {
                options = new FabricAudit.Options(genesisHash, expectHead, !noProgress, allowDevRoot);
                b = Bundle.read(bundle);
            } catch (IllegalArgumentException | BundleException e) {
                System.err.println("depa audit verify: " + e.getMessage());
                return INPUT_ERROR;
            }
            Path dir = reportDir != null ? reportDir : bundle.resolve("audit");
            AuditReport report;
            try {
                report = new AuditReport(dir, bundle.toString());
            } catch (UncheckedIOException e) {
                System.err.println("depa audit verify: " + e.getMessage());
                return INPUT_ERROR;
            }
            try (report) {
                FabricAudit.run(b, options, report, System.err);
            } catch (BundleException e) {
                System.err.println("depa audit verify: " + e.getMessage());
                return INPUT_ERROR;
            }
            print(System.out, report, b);
            return report.count(Status.FAIL) == 0 ? PASS : FAIL;
        }

        private static void print(PrintStream out, AuditReport r, Bundle b) {
            long fail = r.count(Status.FAIL);
            out.println((fail == 0 ? "PASS" : "FAIL") + ": " + r.count(Status.PASS) + " checks passed, " + fail
                    + " failed, " + r.count(Status.SKIP) + " skipped, over "
                    + b.exports().size() + " export(s) of channel "
                    + b.channel());
            String genesis = FabricAudit.genesisHash(b);
            if (genesis != null) {
                out.println("genesis hash (pin it, --genesis-hash): " + genesis);
            }
            r.anchors().entrySet().stream()
                    .filter(e -> e.getKey().equals("head"))
                    .forEach(e -> out.println("head at height " + r.anchors().get("height")
                            + " (record it, --expect-head): " + e.getValue()));
            r.failures().stream()
                    .limit(20)
                    .forEach(f -> out.println("  FAIL " + f.id() + " at " + f.scope() + ": " + f.details()));
            out.println("report: " + r.directory().resolve("audit.md") + ", "
                    + r.directory().resolve("audit.json"));
        }
    }
}
