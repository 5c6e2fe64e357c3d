package org.depa.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.depa.audit.bundle.BundleException;
import org.depa.audit.embedded.EmbeddedAudit;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Status;

/** {@code depa audit verify DIR} on an embedded ledger's directory: its chain, its head and the domain checks. */
final class EmbeddedVerify {
    private final AuditCommand.Verify v;

    EmbeddedVerify(AuditCommand.Verify v) {
        this.v = v;
    }

    int call() {
        EmbeddedAudit.Options options;
        try {
            options = new EmbeddedAudit.Options(
                    v.genesisHash, v.expectHead, !v.noProgress, v.allowDevRoot, v.channel, v.chaincode);
        } catch (IllegalArgumentException e) {
            System.err.println("depa audit verify: " + e.getMessage());
            return AuditCommand.INPUT_ERROR;
        }
        Path dir = v.reportDir != null ? v.reportDir : v.bundle.resolve("audit");
        AuditReport report;
        try {
            report = new AuditReport(dir, v.bundle.toString());
        } catch (UncheckedIOException e) {
            System.err.println("depa audit verify: " + e.getMessage());
            return AuditCommand.INPUT_ERROR;
        }
        try (report) {
            EmbeddedAudit.run(v.bundle, options, report, System.err, List.of());
        } catch (BundleException | UncheckedIOException e) {
            System.err.println("depa audit verify: " + e.getMessage());
            return AuditCommand.INPUT_ERROR;
        }
        print(System.out, report, v.bundle);
        return report.count(Status.FAIL) == 0 ? AuditCommand.PASS : AuditCommand.FAIL;
    }

    private static void print(PrintStream out, AuditReport r, Path dir) {
        long fail = r.count(Status.FAIL);
        var anchors = r.anchors();
        out.println((fail == 0 ? "PASS" : "FAIL") + ": " + r.count(Status.PASS) + " checks passed, " + fail
                + " failed, " + r.count(Status.SKIP) + " skipped, over the embedded ledger in " + dir + " ("
                + anchors.getOrDefault("height", "0") + " lines)");
        if (anchors.containsKey("genesis")) {
            out.println("genesis hash (pin it, --genesis-hash): " + anchors.get("genesis"));
        }
        out.println("node key SHA-256 (check it against the operator's, out of band): " + anchors.get("nodeKey"));
        out.println("head at height " + anchors.get("height") + " (record it, --expect-head): " + anchors.get("head"));
        r.failures().stream()
                .limit(20)
                .forEach(f -> out.println("  FAIL " + f.id() + " at " + f.scope() + ": " + f.details()));
        out.println("report: " + r.directory().resolve("audit.md") + ", "
                + r.directory().resolve("audit.json"));
    }
}
