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
 * about the ledger. One thread; after a warm-up, blocks of lifecycles alternate with blocks of the
 * same number of four-signature verifications (the baseline), and for each block the process's
 * CPU time (all threads: the JIT compiler and the garbage collector included) and the measuring
 * thread's own CPU time are taken. Prints, per block and as median and range: lifecycles per
 * CPU-second, baselines per CPU-second, and their ratio (the share of a lifecycle's CPU spent
 * verifying its four signatures).
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.depa.bench.LifecycleCpu ED25519 3000 8 400
 * </pre>
 *
 * Arguments: algorithm (ED25519 or ECDSA_P256_SHA256), warm-up lifecycles, blocks, lifecycles per block.
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

        for (int i = 0; i < warmup; i++) {
            bench.lifecycle(world, lane);
            verify(lane);
        }
        List<Double> lifeProc = new ArrayList<>();
        List<Double> lifeThread = new ArrayList<>();
        List<Double> verifyProc = new ArrayList<>();
        List<Double> ratioProc = new ArrayList<>();
        List<Double> ratioThread = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%s: %d warm-up lifecycles, %d blocks of %d%n"
                        + "block  lifecycles/CPU-s (process, thread)  baselines/CPU-s (process, thread)  ratio (process, thread)%n",
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
            for (int i = 0; i < perBlock; i++) {
                verify(lane);
            }
            long p2 = os.getProcessCpuTime();
            long t2 = threads.getCurrentThreadCpuTime();
            double lp = perBlock / ((p1 - p0) / 1e9);
            double lt = perBlock / ((t1 - t0) / 1e9);
            double vp = perBlock / ((p2 - p1) / 1e9);
            double vt = perBlock / ((t2 - t1) / 1e9);
            lifeProc.add(lp);
            lifeThread.add(lt);
            verifyProc.add(vp);
            ratioProc.add(lp / vp);
            ratioThread.add(lt / vt);
            System.out.printf(
                    Locale.ROOT,
                    "%5d  %8.1f %8.1f                     %8.1f %8.1f                   %.3f %.3f%n",
                    b + 1,
                    lp,
                    lt,
                    vp,
                    vt,
                    lp / vp,
                    lt / vt);
        }
        System.out.printf(
                Locale.ROOT,
                "median (min-max): lifecycles/CPU-s process %s, thread %s; baselines/CPU-s process %s;"
                        + " ratio process %s, thread %s%n",
                summary(lifeProc, "%.0f"),
                summary(lifeThread, "%.0f"),
                summary(verifyProc, "%.0f"),
                summary(ratioProc, "%.3f"),
                summary(ratioThread, "%.3f"));
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
