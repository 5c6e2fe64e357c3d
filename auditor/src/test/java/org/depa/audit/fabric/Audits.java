package org.depa.audit.fabric;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckResult;

/** Test helpers: the honest fixture copied to a temporary directory, and an audit run over a bundle. */
final class Audits {
    static final Path FIXTURE = Path.of("src/test/resources/bundle-honest");

    private Audits() {}

    /** A writable copy of the honest fixture bundle. */
    static Path copyFixture(Path into) {
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path to = into.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }

    static AuditReport audit(Path bundle, FabricAudit.Options options) {
        AuditReport report = new AuditReport(bundle.resolve("audit-out"), bundle.toString());
        try (report) {
            FabricAudit.run(Bundle.read(bundle), options, report, new PrintStream(PrintStream.nullOutputStream()));
        }
        return report;
    }

    static AuditReport audit(Path bundle) {
        return audit(bundle, new FabricAudit.Options(null, null, false));
    }

    static List<String> failedIds(AuditReport r) {
        return r.failures().stream().map(CheckResult::id).distinct().toList();
    }
}
