package org.depa.payments.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.depa.payments.relay.PaymentRelay;
import org.depa.payments.relay.RelayHook;

/**
 * The relay's settlement path step by step: a {@link RelayHook} that notes the wall and this
 * thread's CPU time at each named point, so each step (the time from the previous point) gets a
 * median wall and CPU time. The CPU is the relay thread's own (the embedded ledger runs in it; the
 * node's work does not show), the wall includes waiting for the node and the disk.
 */
final class StepProfile implements RelayHook {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, List<long[]>>> kinds = new LinkedHashMap<>();
    private final Map<Long, long[]> last = new java.util.HashMap<>();
    private final Map<String, Long> recorded = new java.util.HashMap<>();
    /** The kind of block being profiled (one at a time, in flight), or null: not profiled. */
    private String kind;

    void on(String kind) {
        this.kind = kind;
    }

    /** Marks the start of one instruction's settlement on this thread. */
    void start() {
        last.put(Thread.currentThread().getId(), now());
    }

    /** Marks its end: the step after the last point. */
    void end() {
        at("returned", null);
    }

    @Override
    public void at(String point, String paymentId) {
        long[] t = now();
        if (point.equals("after-record")) {
            recorded.put(paymentId, t[0]);
        }
        long[] before = last.put(Thread.currentThread().getId(), t);
        if (kind == null || before == null) {
            return;
        }
        kinds.computeIfAbsent(kind, k -> new LinkedHashMap<>())
                .computeIfAbsent(point, k -> new ArrayList<>())
                .add(new long[] {t[0] - before[0], t[1] - before[1]});
    }

    /** When {@code paymentId}'s settlement was recorded on the ledger (System.nanoTime). */
    long recordedAt(String paymentId) {
        return recorded.get(paymentId);
    }

    /** This thread's CPU time so far, in nanoseconds. */
    /**
     * This thread's CPU time and that of the relay's checks thread ({@link
     * PaymentRelay#CHECKS_THREAD}, which asks the node for a round's simulations while the relay
     * signs): the relay's CPU, wherever it runs.
     */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime() + checksCpu();
    }

    private static volatile Thread checks;

    /** Finds the checks thread (started by the first {@code settleAll}: call after the warm-up), if any. */
    static void watchChecksThread() {
        checks = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(PaymentRelay.CHECKS_THREAD))
                .findFirst()
                .orElse(null); // a relay that asks for its checks on its own thread
    }

    private static long checksCpu() {
        Thread t = checks;
        return t == null ? 0 : Math.max(0, THREADS.getThreadCpuTime(t.getId()));
    }

    private static long[] now() {
        return new long[] {System.nanoTime(), cpu()};
    }

    /**
     * Per kind, one line per step: "POINT: wall p50 X ms, CPU p50 Y ms, CPU total Z ms (n)". In
     * flight the steps of several settlements interleave on one thread (a step is the time since
     * the previous point, of any instruction), so there the totals say where the round's time went.
     */
    String report() {
        StringBuilder b = new StringBuilder(
                "relay step profile (medians and totals over the profiled blocks; a step ends at the point named):\n");
        for (Map.Entry<String, Map<String, List<long[]>>> k : kinds.entrySet()) {
            b.append("  ").append(k.getKey()).append(":\n");
            for (Map.Entry<String, List<long[]>> e : k.getValue().entrySet()) {
                b.append(String.format(
                        Locale.ROOT,
                        "    %-14s wall %6.2f ms  cpu %6.2f ms  cpu total %8.1f ms  (%d)%n",
                        e.getKey(),
                        median(e.getValue(), 0) / 1e6,
                        median(e.getValue(), 1) / 1e6,
                        e.getValue().stream().mapToLong(x -> x[1]).sum() / 1e6,
                        e.getValue().size()));
            }
        }
        return b.toString();
    }

    private static long median(List<long[]> values, int i) {
        List<Long> v = new ArrayList<>();
        for (long[] x : values) {
            v.add(x[i]);
        }
        Collections.sort(v);
        return v.get(v.size() / 2);
    }
}
