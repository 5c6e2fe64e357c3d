package org.depa.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.fabric.AuditStatistics;

/**
 * docs/performance.md's audit figures in CPU time, for a machine shared with other work (JMH's
 * wall-clock rates there mostly measure the others): the audit of a bundle repeated until at least
 * {@code TARGET} transactions are verified, timed in the thread's CPU time and wall time, then the
 * same number of bare signature verifications, alternating in blocks so both see the same machine;
 * then the heap the audit keeps at the end of a ledger, at half the bundle's blocks and at all of
 * them.
 *
 * <pre>java -cp benchmarks/target/classes:benchmarks/target/lib/* org.depa.bench.AuditCpu BUNDLE [TARGET] [BLOCKS]</pre>
 */
public final class AuditCpu {
    private AuditCpu() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AuditCpu BUNDLE [TARGET_TRANSACTIONS=10000] [ROUNDS_PER_BLOCK=20]");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        long target = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        int perBlock = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Bundle b = Bundle.read(source);
        Path work = Files.createTempDirectory("audit-cpu");
        Path reports = work.resolve("reports");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AuditBundles.Bare bare = AuditBundles.Bare.make();

        AuditBundles.Audited first = AuditBundles.audit(b, reports, false);
        if (first.failures() != 0) {
            throw new IllegalStateException(source + " does not pass its audit: " + first.failures() + " failures");
        }
        for (int i = 0; i < 5 * perBlock; i++) { // warm-up of both
            AuditBundles.audit(b, reports, false);
            bare.verify();
        }
        long txs = 0;
        long verifications = 0;
        long auditCpu = 0;
        long auditWall = 0;
        long bareCpu = 0;
        long blocks = 0;
        while (txs < target) {
            long v0 = AuditStatistics.signatureVerifications();
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < perBlock && txs < target; i++) {
                txs += AuditBundles.audit(b, reports, false).transactions();
            }
            auditWall += System.nanoTime() - w0;
            auditCpu += mx.getCurrentThreadCpuTime() - c0;
            long v = AuditStatistics.signatureVerifications() - v0;
            verifications += v;
            long c1 = mx.getCurrentThreadCpuTime();
            for (long i = 0; i < v; i++) {
                if (!bare.verify()) {
                    throw new IllegalStateException("bare verification failed");
                }
            }
            bareCpu += mx.getCurrentThreadCpuTime() - c1;
            blocks++;
        }
        System.out.printf(
                Locale.ROOT,
                "audit of %s (%d transactions per audit): %d transactions in %.1f s CPU (%.1f s wall) = %.0f tx/s CPU;"
                        + " %d signature verifications, bare %.1f s CPU; verification share %.0f %% (%d alternating blocks)%n",
                source,
                first.transactions(),
                txs,
                auditCpu / 1e9,
                auditWall / 1e9,
                txs / (auditCpu / 1e9),
                verifications,
                bareCpu / 1e9,
                100.0 * bareCpu / auditCpu,
                blocks);

        int height = b.exports().get(0).blockFiles(b.root()).size();
        for (int size : new int[] {height / 2, height}) {
            Bundle p = AuditBundles.prefix(source, size, work.resolve("prefix-" + size));
            long before = AuditBundles.liveHeap();
            AuditBundles.Audited a = AuditBundles.audit(p, work.resolve("reports-" + size), true);
            System.out.printf(
                    Locale.ROOT,
                    "heap kept at the end of the audit, %d blocks (%d transactions, %d failures): %.1f MB live,"
                            + " %.1f MB before the audit%n",
                    size,
                    a.transactions(),
                    a.failures(),
                    a.liveHeapAtEnd() / 1048576.0,
                    before / 1048576.0);
        }
    }
}
