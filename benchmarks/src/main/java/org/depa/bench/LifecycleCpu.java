package org.depa.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.depa.ledger.model.crypto.SignatureVerifier;

/**
 * The lifecycle of {@link LifecycleBenchmark} measured in CPU time rather than wall time, for a
 * machine shared with other work, where JMH's wall-clock rates say more about the other work than
 * about the ledger. One thread; after a warm-up, three kinds of blocks alternate, each of the same
 * number of operations: lifecycles with the parties signing inside ({@link
 * LifecycleBenchmark#lifecycle}), lifecycles whose signatures were made before the block ({@link
 * LifecycleBenchmark#lifecyclePresigned}: the ledger's own work; the preparation is not timed),
 * and four-signature verifications (the baseline). For each block the process's CPU time (all
 * threads: the JIT compiler and the garbage collector included) and the measuring thread's own CPU
 * time are taken. Prints, per block and as median and range: operations per CPU-second, and the
 * lifecycle / baseline ratio (the share of a lifecycle's CPU spent verifying its four signatures).
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.depa.bench.LifecycleCpu ED25519 3000 8 400
 * </pre>
 *
 * Arguments: algorithm (ED25519 or ECDSA_P256_SHA256), warm-up rounds (one operation of each kind
 * per round), blocks, operations per block.
 */
public final class LifecycleCpu {
    private LifecycleCpu() {}

    public static void main(String[] args) {
        String algorithm = args.length > 0 ? args[0] : "ED25519";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int perBlock = args.length > 3 ? Integer.parseInt(args[3]) : 400;

        LifecycleBenchmark.World world = new LifecycleBenchmark.World();
        world.algorithm = algorithm;
        world.setUp();
        LifecycleBenchmark.Lane lane = new LifecycleBenchmark.Lane();
        lane.setUp(world);
        LifecycleBenchmark bench = new LifecycleBenchmark();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        List<LifecycleBenchmark.Presigned> presigned = new ArrayList<>();
        for (int i = 0; i < perBlock; i++) {
            presigned.add(new LifecycleBenchmark.Presigned());
        }
        for (int i = 0; i < warmup; i++) {
            bench.lifecycle(world, lane);
            LifecycleBenchmark.Presigned p = presigned.get(0);
            p.prepare(world, lane);
            bench.lifecyclePresigned(world, p);
            verify(lane);
        }
        List<Double> lifeThread = new ArrayList<>();
        List<Double> lifeProc = new ArrayList<>();
        List<Double> preThread = new ArrayList<>();
        List<Double> preProc = new ArrayList<>();
        List<Double> verifyThread = new ArrayList<>();
        List<Double> ratioThread = new ArrayList<>();
        List<Double> preRatioThread = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%s: %d warm-up rounds, %d blocks of %d; per CPU-second of the measuring thread (of the process)%n"
                        + "block  lifecycles          presigned lifecycles  4-verification sets  ratio, presigned ratio"
                        + " (thread)%n",
                algorithm,
                warmup,
                blocks,
                perBlock);
        for (int b = 0; b < blocks; b++) {
            long p0 = os.getProcessCpuTime();
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perBlock; i++) {
                bench.lifecycle(world, lane);
            }
            long p1 = os.getProcessCpuTime();
            long t1 = threads.getCurrentThreadCpuTime();
            for (LifecycleBenchmark.Presigned p : presigned) {
                p.prepare(world, lane); // the clients' signing: not timed
            }
            long p2 = os.getProcessCpuTime();
            long t2 = threads.getCurrentThreadCpuTime();
            for (LifecycleBenchmark.Presigned p : presigned) {
                bench.lifecyclePresigned(world, p);
            }
            long p3 = os.getProcessCpuTime();
            long t3 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perBlock; i++) {
                verify(lane);
            }
            long t4 = threads.getCurrentThreadCpuTime();
            double lt = perBlock / ((t1 - t0) / 1e9);
            double lp = perBlock / ((p1 - p0) / 1e9);
            double pt = perBlock / ((t3 - t2) / 1e9);
            double pp = perBlock / ((p3 - p2) / 1e9);
            double vt = perBlock / ((t4 - t3) / 1e9);
            lifeThread.add(lt);
            lifeProc.add(lp);
            preThread.add(pt);
            preProc.add(pp);
            verifyThread.add(vt);
            ratioThread.add(lt / vt);
            preRatioThread.add(pt / vt);
            System.out.printf(
                    Locale.ROOT,
                    "%5d  %7.1f (%7.1f)   %7.1f (%7.1f)     %8.1f             %.3f %.3f%n",
                    b + 1,
                    lt,
                    lp,
                    pt,
                    pp,
                    vt,
                    lt / vt,
                    pt / vt);
        }
        System.out.printf(
                Locale.ROOT,
                "median (min-max) per CPU-second: lifecycles thread %s, process %s; presigned lifecycles thread %s,"
                        + " process %s; 4-verification sets thread %s; ratio thread %s, presigned %s%n",
                summary(lifeThread, "%.0f"),
                summary(lifeProc, "%.0f"),
                summary(preThread, "%.0f"),
                summary(preProc, "%.0f"),
                summary(verifyThread, "%.0f"),
                summary(ratioThread, "%.3f"),
                summary(preRatioThread, "%.3f"));
        world.tearDown();
    }

    private static void verify(LifecycleBenchmark.Lane lane) {
        for (int i = 0; i < 4; i++) {
            SignatureVerifier.verify(lane.keys[i], lane.payloads[i], lane.signatures[i]);
        }
    }

    private static String summary(List<Double> values, String format) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(Locale.ROOT, format, median) + " ("
                + String.format(Locale.ROOT, format, sorted.get(0)) + "-"
                + String.format(Locale.ROOT, format, sorted.get(sorted.size() - 1)) + ")";
    }
}
