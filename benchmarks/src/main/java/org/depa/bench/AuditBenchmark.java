package org.depa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.fabric.AuditStatistics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Fabric audit of an exported bundle, one whole audit per operation, and beside it in the same
 * run the bare cost of the signature verifications that audit performs (counted at set-up): the
 * audit's rate divided by the baseline's is the share of audit time spent verifying signatures.
 * Transactions per second are the audit rate times the bundle's transactions (printed at set-up).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditBenchmark {
    /** The bundle and what one audit of it verifies. */
    @State(Scope.Benchmark)
    public static class Ledger {
        /** A bundle directory (default: the auditor's fixture, from the project root). */
        @Param("auditor/src/test/resources/bundle-honest")
        public String bundle;

        Bundle b;
        Path reports;
        long verificationsPerAudit;
        AuditBundles.Bare bare;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            b = Bundle.read(Path.of(bundle));
            reports = Files.createTempDirectory("audit-bench");
            long v0 = AuditStatistics.signatureVerifications();
            AuditBundles.Audited a = AuditBundles.audit(b, reports, false);
            verificationsPerAudit = AuditStatistics.signatureVerifications() - v0;
            if (a.failures() != 0) {
                throw new IllegalStateException(bundle + " does not pass its audit: " + a.failures() + " failures");
            }
            bare = AuditBundles.Bare.make();
            System.out.printf(
                    "%n%s: %d transactions, %d signature verifications per audit%n",
                    bundle, a.transactions(), verificationsPerAudit);
        }
    }

    @Benchmark
    public void audit(Ledger l, Blackhole bh) {
        bh.consume(AuditBundles.audit(l.b, l.reports, false));
    }

    /** The verifications of one audit, alone. */
    @Benchmark
    public void bareVerifications(Ledger l, Blackhole bh) {
        for (long i = 0; i < l.verificationsPerAudit; i++) {
            bh.consume(l.bare.verify());
        }
    }
}
