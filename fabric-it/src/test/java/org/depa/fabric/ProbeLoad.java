package org.depa.fabric;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.catalogue.Probe;
import org.depa.ledger.model.domain.ProbeWrite;

/**
 * Clients writing one-key probes through the organisations' gateways, each on its own
 * connection, for as long as the load runs. A refused or failed submit is counted and the client
 * carries on with a new key, as an application would; every commit the client saw is recorded
 * with the time its submit started and ended.
 *
 * <p>The clients give up on a commit after {@link #COMMIT_WAIT} rather than the default 60 s: a
 * transaction a follower accepted just before the Raft leader died is never ordered, and its
 * client learns that only when its commit-status wait runs out. An application that resubmits
 * sooner recovers sooner; the default would make every such client wait a minute.
 */
final class ProbeLoad implements AutoCloseable {
    /** The clients' call timeout T; their commit-status wait is 2T. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

    static final Duration COMMIT_WAIT = CALL_TIMEOUT.multipliedBy(2);

    /** A write the client saw committed. */
    record Commit(String key, String txId, Instant started, Instant committed) {}

    private final List<FabricLedger> connections = new ArrayList<>();
    private final ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService pool;

    ProbeLoad(LocalNetwork network, List<String> mspIds, int clients, String tag) {
        pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            FabricLedger c = FabricLedger.connect(
                    network.settings(mspIds.get(i % mspIds.size()), "User1").withTimeout(CALL_TIMEOUT));
            connections.add(c);
            TypedLedger ledger = new TypedLedger(c);
            pool.execute(() -> {
                while (running.get()) {
                    String key = "failover-" + tag + "-" + sequence.incrementAndGet();
                    Instant t = Instant.now();
                    try {
                        ProbeWrite w = ledger.submit(Probe.WRITE, key);
                        commits.add(new Commit(w.key(), w.txId(), t, Instant.now()));
                    } catch (LedgerException e) {
                        failures.computeIfAbsent(e.stage() + " " + e.code(), k -> new AtomicInteger())
                                .incrementAndGet();
                        NetworkControl.sleep(100);
                    }
                }
            });
        }
    }

    List<Commit> commits() {
        return List.copyOf(commits);
    }

    long committedAfter(Instant t) {
        return commits.stream().filter(c -> c.started().isAfter(t)).count();
    }

    /** Waits until {@code n} writes submitted after {@code t} have committed; false on timeout. */
    boolean awaitCommitsAfter(Instant t, long n, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (committedAfter(t) < n) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            NetworkControl.sleep(100);
        }
        return true;
    }

    /** The first commit of a write submitted after {@code t}. */
    Commit firstSubmittedAfter(Instant t) {
        return commits.stream()
                .filter(c -> c.started().isAfter(t))
                .min((a, b) -> a.committed().compareTo(b.committed()))
                .orElseThrow();
    }

    Map<String, Integer> failures() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        failures.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    void stop() throws InterruptedException {
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(3, TimeUnit.MINUTES)) {
            throw new IllegalStateException("load clients did not stop");
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        connections.forEach(FabricLedger::close);
    }
}
