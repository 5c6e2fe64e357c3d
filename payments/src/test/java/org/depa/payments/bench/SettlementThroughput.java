package org.depa.payments.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentStatus;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.EscrowClient;
import org.depa.payments.chain.EscrowDeployment;
import org.depa.payments.chain.LocalNode;
import org.depa.payments.relay.PaymentRelay;
import org.depa.payments.relay.RelayConfig;
import org.depa.payments.relay.RelayJournal;

/**
 * Settlements through the relay against plain ERC-20 transfers, on one anvil node in one run
 * (issue 12, "Tests and figures"). A settlement is the relay's whole work for one instruction:
 * its checks (the signed terms' accounts, the receipt's hash, a simulation, which also proves it
 * unpaid), signing with an explicit nonce, the journal written to disk before sending, sending,
 * the receipt, one confirmation (the node mines a block per transaction) and the record on the
 * embedded ledger as the PAYMENT_RELAY participant. Like for like, each way the relay settles
 * against the same way of sending plain transfers ({@link TransferBlocks}; same node, poll interval,
 * one confirmation, gas price asked once per block or batch): one at a time ({@link
 * PaymentRelay#settle}) against transfers one at a time, and in flight together ({@link
 * PaymentRelay#settleAll}: what the service does with a receipt's instructions or a backlog)
 * against transfers pipelined in batches of the same size (consecutive nonces, sent back to back,
 * then the receipts). Each pair of blocks runs back to back in every round, so load from other
 * work on the machine falls on both sides; each rate and p50 ratio is taken per round, and the
 * median of the rounds reported. A step profile of the one-at-a-time path ({@link StepProfile}),
 * the CPU time per item and the load average are printed too. Gas is read from the receipts.
 *
 * <p>Arguments: contracts (two instructions each; default 60), rounds (default 3), output file
 * (default var/bench/payments.txt). Run by {@code scripts/bench-payments.sh}.
 */
public final class SettlementThroughput {
    private static final Duration POLL = Duration.ofMillis(10);

    private SettlementThroughput() {}

    public static void main(String[] args) throws Exception {
        int contracts = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Path.of(args.length > 2 ? args[2] : "var/bench/payments.txt");
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("scripts/anvil.sh"))) {
            root = root.getParent();
        }
        Path work = Files.createDirectories(root.resolve("var/bench/payments"));
        PrintStream log = System.out;
        try (LocalNode node = LocalNode.start(root, Files.createTempDirectory(work, "anvil"));
                Chain chain = Chain.connect(node.rpcUrl(), node.chainId(), POLL);
                Scenario s = new Scenario(World.shared(), payout(node, 3, 4), payout(node, 5, 6))) {
            EscrowDeployment d = EscrowDeployment.deploy(
                    chain, node.account(0), node.account(1).getAddress());
            EscrowClient minter = new EscrowClient(chain, d, node.account(0));
            minter.mint(node.account(2).getAddress(), 100_000_000);
            minter.mint(node.account(7).getAddress(), 100_000_000);
            EscrowClient tdc = new EscrowClient(chain, d, node.account(2));
            Party relayParty = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            log.printf("setting up %d contracts (a receipt each, two payment instructions)...%n", contracts);
            List<PaymentInstruction> pending = new ArrayList<>();
            for (int i = 0; i < contracts; i++) {
                String c = "bench-" + i;
                s.active(c, "0.001", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
                s.complete(c, "run-" + i, "0.001");
                tdc.fund(c, 10_000);
                tdc.registerPayees(c, List.of(payout(node, 3, 4), payout(node, 5, 6)));
                pending.addAll(s.w.sroLedger().evaluate(Payments.LIST_BY_CONTRACT, c));
                if ((i + 1) % 10 == 0) {
                    log.printf("  %d/%d%n", i + 1, contracts);
                }
            }
            RelayConfig config = new RelayConfig(chain, node.account(1), d, "relay", 1, Duration.ofSeconds(3));
            StepProfile profile = new StepProfile();
            PaymentRelay relay = new PaymentRelay(
                    config, relayParty.ledger(), new RelayJournal(Files.createTempDirectory(work, "journal")), profile);
            TransferBlocks transfers = new TransferBlocks(
                    chain, d, node.account(7), node.account(8).getAddress());

            // Per round four blocks: transfers and settlements one at a time, then transfers
            // pipelined and settlements in flight together, in batches of the same size. Each pair
            // runs back to back (their order swapped every other round) so the machine's load falls
            // on both sides of a ratio alike.
            int perBlock = pending.size() / (2 * rounds + 1);
            int batch = Math.min(perBlock, PaymentRelay.MAX_IN_FLIGHT);
            // Warm-up: a block of each kind, not counted.
            settle(relay, profile, chain, pending.subList(0, perBlock / 2), false);
            settle(relay, profile, chain, pending.subList(perBlock / 2, perBlock), true);
            transfers.oneAtATime(perBlock);
            transfers.pipelined(perBlock, batch);
            StepProfile.watchChecksThread();
            String loadBefore = load();
            Series tOne = new Series();
            Series tPipe = new Series();
            Series one = new Series();
            Series together = new Series();
            StringBuilder report = new StringBuilder();
            for (int r = 1; r <= rounds; r++) {
                int at = (2 * r - 1) * perBlock;
                boolean transfersFirst = r % 2 == 1;
                Block t1 = transfersFirst ? transfers.oneAtATime(perBlock) : null;
                profile.on("one at a time");
                Block s1 = settle(relay, profile, chain, pending.subList(at, at + perBlock), false);
                profile.on(null);
                if (t1 == null) {
                    t1 = transfers.oneAtATime(perBlock);
                }
                Block tp = transfersFirst ? transfers.pipelined(perBlock, batch) : null;
                profile.on("in flight together");
                Block s2 = settle(relay, profile, chain, pending.subList(at + perBlock, at + 2 * perBlock), true);
                profile.on(null);
                if (tp == null) {
                    tp = transfers.pipelined(perBlock, batch);
                }
                tOne.add(t1, t1);
                tPipe.add(tp, tp);
                one.add(s1, t1);
                together.add(s2, tp);
                String line = String.format(
                        Locale.ROOT,
                        "round %d (load %s): one at a time: transfers %.1f/s p50 %.1f ms, settlements %.1f/s p50 %.1f ms,"
                                + " rate ratio %.2f, p50 ratio %.2f; in flight (batches of %d): transfers pipelined %.1f/s"
                                + " p50 %.1f ms, settlements together %.1f/s p50 %.1f ms, rate ratio %.2f, p50 ratio %.2f",
                        r,
                        load(),
                        t1.perSecond(),
                        median(t1.nanos()) / 1e6,
                        s1.perSecond(),
                        median(s1.nanos()) / 1e6,
                        s1.perSecond() / t1.perSecond(),
                        (double) median(t1.nanos()) / median(s1.nanos()),
                        batch,
                        tp.perSecond(),
                        median(tp.nanos()) / 1e6,
                        s2.perSecond(),
                        median(s2.nanos()) / 1e6,
                        s2.perSecond() / tp.perSecond(),
                        (double) median(tp.nanos()) / median(s2.nanos()));
                log.println(line);
                report.append(line).append('\n');
            }
            String summary = String.format(
                    Locale.ROOT,
                    "%d rounds of %d per block (after a warm-up block of each kind); load average (1, 5, 15 min)"
                            + " %s at the first round, %s at the end%n"
                            + "ratios (settlement over transfer; p50 ratio = transfer p50 / settlement p50, so 1 is as"
                            + " fast and the aim 0.5 is twice the time), median of the rounds:%n"
                            + "  one at a time vs one at a time:     rate %.2f (rounds %s), p50 %.2f (rounds %s)%n"
                            + "  in flight together vs pipelined:    rate %.2f (rounds %s), p50 %.2f (rounds %s)%n"
                            + "  in flight together vs one at a time (the stop-23 figure): rate %.2f%n"
                            + "p50 latency: transfer one at a time %.1f ms, pipelined %.1f ms (batch start to receipt);"
                            + " settlement one at a time %.1f ms, together %.1f ms (round start to ledger record)%n"
                            + "CPU of the benchmark's thread (relay and embedded ledger; not the node's) per item, median"
                            + " of the blocks: transfer one at a time %.2f ms, pipelined %.2f ms; settlement one at a"
                            + " time %.2f ms, together %.2f ms%n"
                            + "gas: settlement median %d, transfer median %d, ratio %.2f%n",
                    rounds,
                    perBlock,
                    loadBefore,
                    load(),
                    medianD(one.ratios),
                    format(one.ratios),
                    medianD(one.latencyRatios),
                    format(one.latencyRatios),
                    medianD(together.ratios),
                    format(together.ratios),
                    medianD(together.latencyRatios),
                    format(together.latencyRatios),
                    medianD(ratios(together, tOne)),
                    median(tOne.nanos) / 1e6,
                    median(tPipe.nanos) / 1e6,
                    median(one.nanos) / 1e6,
                    median(together.nanos) / 1e6,
                    medianD(tOne.cpuPerItem) / 1e6,
                    medianD(tPipe.cpuPerItem) / 1e6,
                    medianD(one.cpuPerItem) / 1e6,
                    medianD(together.cpuPerItem) / 1e6,
                    median(one.gas),
                    median(tOne.gas),
                    (double) median(one.gas) / median(tOne.gas));
            log.print(summary);
            report.append(summary);
            log.print(profile.report());
            report.append(profile.report());
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
            log.println("written to " + out);
        }
    }

    private static PayoutAccounts payout(LocalNode node, int own, int principals) {
        return new PayoutAccounts(
                node.account(own).getAddress(), node.account(principals).getAddress());
    }

    /** What one block measured: per-item wall time, gas, the block's wall and thread CPU time. */
    record Block(List<Long> nanos, List<Long> gas, long totalNanos, long cpuNanos) {
        double perSecond() {
            return nanos.size() / (totalNanos / 1e9);
        }
    }

    /** The blocks of one kind: their items' times, gas, ratios to the same round's transfers. */
    private static final class Series {
        final List<Long> nanos = new ArrayList<>();
        final List<Long> gas = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final List<Double> latencyRatios = new ArrayList<>();
        final List<Double> cpuPerItem = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();

        void add(Block b, Block transfers) {
            nanos.addAll(b.nanos());
            gas.addAll(b.gas());
            rates.add(b.perSecond());
            ratios.add(b.perSecond() / transfers.perSecond());
            latencyRatios.add((double) median(transfers.nanos()) / median(b.nanos()));
            cpuPerItem.add((double) b.cpuNanos() / b.nanos().size());
        }
    }

    private static List<String> format(List<Double> values) {
        return values.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
    }

    private static Block settle(
            PaymentRelay relay, StepProfile profile, Chain chain, List<PaymentInstruction> block, boolean together)
            throws Exception {
        List<Long> nanos = new ArrayList<>();
        List<Long> gas = new ArrayList<>();
        long cpu = StepProfile.cpu();
        long start = System.nanoTime();
        long cpuGas = 0; // reading the receipts' gas is the benchmark's, not the relay's
        if (together) {
            // The service's way (a receipt's instructions, a backlog): in flight together. Latency:
            // from the start of the block to each instruction's ledger record.
            profile.start();
            List<PaymentRelay.Outcome> outcomes = relay.settleAll(block);
            profile.end();
            long end = System.nanoTime();
            long used = StepProfile.cpu() - cpu;
            for (PaymentRelay.Outcome o : outcomes) {
                if (o.status() != PaymentStatus.SETTLED) {
                    throw new IllegalStateException(o.paymentId() + " not settled: " + o.reason());
                }
                nanos.add(profile.recordedAt(o.paymentId()) - start);
                gas.add(chain.receipt(o.txHash()).orElseThrow().getGasUsed().longValueExact());
            }
            return new Block(nanos, gas, end - start, used);
        }
        for (PaymentInstruction p : block) {
            long t0 = System.nanoTime();
            profile.start();
            PaymentRelay.Outcome o = relay.settle(p);
            profile.end();
            nanos.add(System.nanoTime() - t0);
            if (o.status() != PaymentStatus.SETTLED) {
                throw new IllegalStateException(p.paymentId() + " not settled: " + o.reason());
            }
            cpuGas -= StepProfile.cpu();
            gas.add(chain.receipt(o.txHash()).orElseThrow().getGasUsed().longValueExact());
            cpuGas += StepProfile.cpu();
        }
        return new Block(nanos, gas, System.nanoTime() - start, StepProfile.cpu() - cpu - cpuGas);
    }

    /** Per round: settlements per second of {@code s} over transfers per second of {@code t}. */
    private static List<Double> ratios(Series s, Series t) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < s.rates.size(); i++) {
            out.add(s.rates.get(i) / t.rates.get(i));
        }
        return out;
    }

    /** The load averages (1, 5, 15 minutes) of the machine now, as uptime prints them. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double medianD(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
