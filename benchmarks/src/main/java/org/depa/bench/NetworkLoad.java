package org.depa.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.CommonAgreement;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Probe;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.testkit.onboarding.Member;
import org.depa.testkit.onboarding.Onboarding;

/**
 * Load on the running Fabric network, in one process and one run: committed transactions per
 * second and commit latency (endorse + order + commit, as the client sees it) of contract
 * lifecycle transactions (propose, four signatures, activation), against the baseline of a
 * trivial one-key write in the same chaincode. The two kinds of work take turns in rounds, so that
 * what drifts during a run weighs on both. Run by scripts/bench-network.sh.
 */
public final class NetworkLoad {
    private static final String MEASUREMENT = "d1".repeat(48);
    private static final String TRIVIAL = "trivial one-key write";
    private static final String LIFECYCLE = "contract lifecycle (propose, 4 signatures, activate)";
    /** Seconds each window runs before it counts: the clients leaving the other kind of work behind. */
    private static final int SETTLE_SECONDS = 2;
    /** Makes every key and contract id of a run unique, warm-up included. */
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    private record Result(String name, int transactions, double seconds, List<Long> latenciesMicros) {
        double perSecond() {
            return transactions / seconds;
        }

        static Result merge(String name, List<Result> rounds) {
            List<Long> all = new ArrayList<>();
            rounds.forEach(r -> all.addAll(r.latenciesMicros()));
            return new Result(
                    name,
                    rounds.stream().mapToInt(Result::transactions).sum(),
                    rounds.stream().mapToDouble(Result::seconds).sum(),
                    all);
        }

        long percentile(double p) {
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }

    private final LocalNetwork network;
    private final String tag = Long.toString(System.currentTimeMillis(), 36);
    private final SigningPayloads.Domain domain =
            new SigningPayloads.Domain(LocalNetwork.CHANNEL, LocalNetwork.CHAINCODE);

    private NetworkLoad(Path varNetwork) {
        this.network = new LocalNetwork(varNetwork);
    }

    private static final String USAGE = "usage: NetworkLoad [NETWORK_DIR] [SECONDS_OF_EACH_KIND] [CLIENTS] [ROUNDS]"
            + " (defaults var/network 30 12 3; each a whole number, 1 or more, and at least ROUNDS seconds)";

    public static void main(String[] args) throws Exception {
        if (args.length > 4) {
            usage("at most four arguments");
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "var/network");
        int seconds = positive(args, 1, "SECONDS_OF_EACH_KIND", 30);
        int clients = positive(args, 2, "CLIENTS", 12);
        int rounds = positive(args, 3, "ROUNDS", 3);
        if (seconds < rounds) {
            usage("SECONDS_OF_EACH_KIND (" + seconds + ") is shorter than one second per round (" + rounds + ")");
        }
        new NetworkLoad(dir).run(seconds, clients, rounds);
    }

    private static int positive(String[] args, int at, String name, int otherwise) {
        if (args.length <= at) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(args[at]);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        usage(name + " '" + args[at] + "' is not a whole number of 1 or more");
        return otherwise;
    }

    private static void usage(String problem) {
        System.err.println("NetworkLoad: " + problem + "\n" + USAGE);
        System.exit(2);
    }

    private void run(int seconds, int clients, int rounds) throws Exception {
        List<FabricLedger> connections = new ArrayList<>();
        try {
            String[] orgs = {"SROMSP", "ProviderMSP", "ConsumerMSP"};
            Map<String, FabricLedger> admin = Map.of(
                    "SROMSP",
                    open(connections, "SROMSP"),
                    "ProviderMSP",
                    open(connections, "ProviderMSP"),
                    "ConsumerMSP",
                    open(connections, "ConsumerMSP"));
            Onboarding onboarding = new Onboarding(domain, new TypedLedger(admin.get("SROMSP")));
            // The agreement in force, not a new one: a new version would stop every existing participant.
            Agreement a = CommonAgreement.currentOrPublish(
                    new TypedLedger(admin.get("SROMSP")), "v1", Hashes.sha256Hex("DEPA common agreement v1"));
            try {
                new TypedLedger(admin.get("SROMSP"))
                        .submit(
                                Measurements.CERTIFY,
                                new CertifyMeasurementRequest(MEASUREMENT, "load", new Tcb(0, 0, 0, 0)));
            } catch (org.depa.ledger.client.LedgerException e) {
                // certified by an earlier run
            }
            Member tdc = onboard(onboarding, admin, a, "tdc", Role.TDC, "ConsumerMSP");
            Member ccr = onboard(onboarding, admin, a, "ccr", Role.CCR_PROVIDER, "ConsumerMSP");
            Member tdpA = onboard(onboarding, admin, a, "tdpa", Role.TDP, "ProviderMSP");
            Member tdpB = onboard(onboarding, admin, a, "tdpb", Role.TDP, "ProviderMSP");
            List<List<String>> lanes = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String da = "load-" + tag + "-" + i + "-a";
                String db = "load-" + tag + "-" + i + "-b";
                register(admin.get("ProviderMSP"), tdpA, da);
                register(admin.get("ProviderMSP"), tdpB, db);
                lanes.add(List.of(da, db));
            }
            System.out.printf(
                    Locale.ROOT,
                    "load: %d clients, %d s of each kind in %d rounds (plus 5 s warm-up each, %d s settling per window),"
                            + " gateways of %s%n",
                    clients,
                    seconds,
                    rounds,
                    SETTLE_SECONDS,
                    String.join(", ", orgs));

            FabricLedger[] writers = new FabricLedger[clients];
            List<List<Member>> parties = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                writers[i] = open(connections, orgs[i % 3]);
                // Each worker's own connections: each member acts through its organisation's.
                TypedLedger consumer = new TypedLedger(open(connections, "ConsumerMSP"));
                TypedLedger provider = new TypedLedger(open(connections, "ProviderMSP"));
                List<Member> signers = new ArrayList<>();
                for (Member m : List.of(tdc, ccr, tdpA, tdpB)) {
                    signers.add(m.via(m.mspId().equals("ConsumerMSP") ? consumer : provider));
                }
                parties.add(signers);
            }
            Worker trivial = (i, from, deadline, lat) -> {
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long t = System.nanoTime();
                    writers[i].submit(Probe.WRITE.name(), "k-" + tag + "-" + SEQUENCE.incrementAndGet());
                    n += committedInWindow(t, from, deadline, lat);
                }
                return n;
            };
            Worker lifecycle = (i, from, deadline, lat) -> {
                List<Member> signers = parties.get(i);
                Member tdcHere = signers.get(0);
                int n = 0;
                while (System.nanoTime() < deadline) {
                    ContractProposal proposal = proposal(lanes.get(i), tdc, ccr);
                    long t = System.nanoTime();
                    ContractRecord c = onboarding.propose(tdcHere, proposal);
                    n += committedInWindow(t, from, deadline, lat);
                    for (Member p : signers) {
                        t = System.nanoTime();
                        onboarding.sign(p, c);
                        n += committedInWindow(t, from, deadline, lat);
                    }
                    t = System.nanoTime();
                    onboarding.activate(tdcHere, proposal.contractId());
                    n += committedInWindow(t, from, deadline, lat);
                }
                return n;
            };
            // Warm-up: each kind of work for 5 s, discarded.
            runWorkers(0, 5, clients, trivial, null);
            runWorkers(0, 5, clients, lifecycle, null);
            // Then the two kinds take turns, so that whatever drifts during the run (the machine's other
            // work, the ledger's growth) weighs on both alike; each window is counted after 2 s of settling.
            int window = Math.max(1, seconds / rounds);
            List<Result> trivialRounds = new ArrayList<>();
            List<Result> lifecycleRounds = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Result t = measure(TRIVIAL, window, clients, trivial);
                Result l = measure(LIFECYCLE, window, clients, lifecycle);
                trivialRounds.add(t);
                lifecycleRounds.add(l);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: trivial %.1f tx/s (p50 %.1f ms), lifecycle %.1f tx/s (p50 %.1f ms), ratio %.2f%n",
                        r,
                        t.perSecond(),
                        t.percentile(0.50) / 1000.0,
                        l.perSecond(),
                        l.percentile(0.50) / 1000.0,
                        l.perSecond() / t.perSecond());
            }
            Result baseline = Result.merge(TRIVIAL, trivialRounds);
            Result life = Result.merge(LIFECYCLE, lifecycleRounds);
            for (Result r : List.of(baseline, life)) {
                System.out.printf(
                        Locale.ROOT,
                        "%-55s %6d tx  %7.1f tx/s  p50 %6.1f ms  p95 %6.1f ms%n",
                        r.name(),
                        r.transactions(),
                        r.perSecond(),
                        r.percentile(0.50) / 1000.0,
                        r.percentile(0.95) / 1000.0);
            }
            System.out.printf(
                    Locale.ROOT,
                    "lifecycle / trivial throughput ratio: %.2f (rounds %s)%n",
                    life.perSecond() / baseline.perSecond(),
                    String.join(
                            ", ",
                            java.util.stream.IntStream.range(0, rounds)
                                    .mapToObj(r -> String.format(
                                            Locale.ROOT,
                                            "%.2f",
                                            lifecycleRounds.get(r).perSecond()
                                                    / trivialRounds.get(r).perSecond()))
                                    .toList()));
        } finally {
            synchronized (this) {
                connections.forEach(FabricLedger::close);
            }
        }
    }

    /**
     * Counts a transaction (and its latency) only if it committed inside its window: after the
     * window's settling time and before its deadline. A client checks the deadline only between its
     * units of work, and a lifecycle is six transactions (about 2.5 s at 32 clients), so the lifecycle
     * work ran up to 2.5 s past its window with fewer and fewer clients still submitting; dividing
     * everything by that longer time understated it against the trivial write (whose unit is one
     * transaction). Counting both kinds' transactions within the same window, under full load
     * throughout, compares like with like.
     */
    private static int committedInWindow(long startedNanos, long fromNanos, long deadlineNanos, List<Long> latencies) {
        long now = System.nanoTime();
        if (now < fromNanos || now > deadlineNanos) {
            return 0;
        }
        latencies.add((now - startedNanos) / 1000);
        return 1;
    }

    private interface Worker {
        int run(int index, long fromNanos, long deadlineNanos, List<Long> latencies) throws Exception;
    }

    /** One window of one kind of work: {@link #SETTLE_SECONDS}, then {@code seconds} counted. */
    private static Result measure(String name, int seconds, int clients, Worker worker) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int total = runWorkers(SETTLE_SECONDS, seconds, clients, worker, latencies);
        // Only transactions committed within the window count (committedInWindow), so the window is the time.
        return new Result(name, total, seconds, latencies);
    }

    /** Runs the clients for {@code settle + seconds}; latencies go to {@code latencies}, or nowhere when null. */
    private static int runWorkers(int settle, int seconds, int clients, Worker worker, List<Long> latencies)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long from = System.nanoTime() + TimeUnit.SECONDS.toNanos(settle);
        long deadline = from + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int index = i;
            List<Long> sink = latencies == null ? new ArrayList<>() : latencies;
            futures.add(pool.submit(() -> worker.run(index, from, deadline, sink)));
        }
        int total = 0;
        try {
            for (Future<Integer> f : futures) {
                total += f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(60, TimeUnit.SECONDS);
        }
        return total;
    }

    private synchronized FabricLedger open(List<FabricLedger> all, String msp) {
        FabricLedger c = FabricLedger.connect(network.settings(msp, "User1"));
        all.add(c);
        return c;
    }

    /** A new two-dataset training contract for one worker's lane, starting a minute ago, for a day. */
    private ContractProposal proposal(List<String> lane, Member tdc, Member ccr) {
        return BenchContracts.training(
                "load-" + tag + "-c" + SEQUENCE.incrementAndGet(), tdc.id(), ccr.id(), lane, MEASUREMENT);
    }

    private Member onboard(
            Onboarding onboarding, Map<String, FabricLedger> admin, Agreement a, String base, Role role, String msp) {
        String id = base + "-" + tag;
        Instant now = Instant.now();
        Credentials c = Credentials.generate(
                SignatureAlgorithm.ECDSA_P256_SHA256, id, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)));
        Member m = Member.of(id, role, msp, id, c, new TypedLedger(admin.get(msp)));
        onboarding.onboard(m, a, null);
        return m;
    }

    private static void register(FabricLedger provider, Member owner, String id) {
        new TypedLedger(provider)
                .submit(
                        Datasets.REGISTER,
                        new DatasetRequest(
                                id,
                                owner.id(),
                                id,
                                "load dataset",
                                List.of(new SchemaField("k", "string", null)),
                                "file:///s",
                                "file:///e",
                                Hashes.sha256Hex(id),
                                "https://kms",
                                "key",
                                new DatasetTerms(
                                        List.of("TRAINING"),
                                        1L,
                                        "INR",
                                        BigDecimal.ONE,
                                        new BigDecimal("100"),
                                        new BigDecimal("0.01"))));
    }
}
