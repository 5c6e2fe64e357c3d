package org.depa.gateway.audit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.embedded.EmbeddedAudit;
import org.depa.audit.fabric.FabricAudit;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;

/**
 * Runs the auditor's checks over a bundle, exactly as {@code depa audit verify BUNDLE} does (the
 * same classes, the same report files), and turns the report into the per-check table.
 */
final class VerificationRun {
    /** What the caller asked: the auditor's options of {@code depa audit verify}. */
    record Request(String genesisHash, String expectHead, boolean allowDevelopmentRoots) {}

    private VerificationRun() {}

    /**
     * @param bundle the copy (an embedded ledger's directory or a Fabric bundle)
     * @param reportDir where {@code audit.json} and {@code audit.md} go
     * @param replays extra checks (the payment chain's), beside the standard domain replay
     * @param progress told when the checks start, and given the report they fill
     * @throws IllegalArgumentException a malformed hash in the request
     */
    static Result run(
            Path bundle,
            Path reportDir,
            boolean embedded,
            String channel,
            String chaincode,
            Request request,
            List<WriteReplay> replays,
            VerificationProgress progress) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        AuditReport report = new AuditReport(reportDir, bundle.getFileName().toString());
        progress.checking(report);
        try (report) {
            if (embedded) {
                EmbeddedAudit.run(
                        bundle,
                        new EmbeddedAudit.Options(
                                request.genesisHash(),
                                request.expectHead(),
                                false,
                                request.allowDevelopmentRoots(),
                                channel,
                                chaincode),
                        report,
                        quiet,
                        replays);
            } else {
                FabricAudit.run(
                        Bundle.read(bundle),
                        new FabricAudit.Options(
                                request.genesisHash(), request.expectHead(), false, request.allowDevelopmentRoots()),
                        report,
                        quiet,
                        replays);
            }
        }
        return new Result(report, rows(report, embedded));
    }

    /** The finished report and its table. */
    record Result(AuditReport report, List<Verification.CheckRow> rows) {}

    /** A row per check of the catalogue that applies to this kind of ledger, in the catalogue's order. */
    private static List<Verification.CheckRow> rows(AuditReport report, boolean embedded) {
        Map<String, List<String>> failures = new TreeMap<>();
        for (CheckResult f : report.failures()) {
            List<String> d = failures.computeIfAbsent(f.id(), k -> new ArrayList<>());
            if (d.size() < Verification.CheckRow.MAX_DETAILS) {
                d.add(f.scope() + ": " + f.details());
            }
        }
        List<Verification.CheckRow> rows = new ArrayList<>();
        Checks.descriptions().forEach((id, description) -> {
            long pass = report.count(id, Status.PASS);
            long fail = report.count(id, Status.FAIL);
            long skip = report.count(id, Status.SKIP);
            boolean applies = id.startsWith(embedded ? "embedded." : "fabric.") || id.startsWith("domain.");
            if (!applies && pass + fail + skip == 0) {
                return;
            }
            String verdict = fail > 0 ? "FAIL" : pass > 0 ? "PASS" : skip > 0 ? "SKIP" : "NOT RUN";
            List<String> skipReasons = report.skipReasons(id).stream()
                    .map(r -> r.times() > 1 ? r.reason() + " (" + r.times() + " times)" : r.reason())
                    .toList();
            rows.add(new Verification.CheckRow(
                    id,
                    description,
                    verdict,
                    pass,
                    fail,
                    skip,
                    List.copyOf(failures.getOrDefault(id, List.of())),
                    skipReasons));
        });
        return rows;
    }
}
