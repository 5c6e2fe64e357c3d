package org.depa.payments.bench;

import java.io.PrintStream;
import java.math.BigInteger;
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
import org.depa.payments.contracts.DepaToken;
import org.depa.payments.relay.PaymentRelay;
import org.depa.payments.relay.RelayConfig;
import org.depa.payments.relay.RelayJournal;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Settlements through the relay against plain ERC-20 transfers, on one anvil node in one run
 * (issue 12, "Tests and figures"). A settlement is the relay's whole work for one instruction:
 * its checks (the signed terms' accounts, the receipt's hash, a simulation, which also proves it
 * unpaid), signing with an explicit nonce, the journal written to disk before sending, sending,
 * the receipt, one confirmation (the node mines a block per transaction) and the record on the
 * embedded ledger as the PAYMENT_RELAY participant. Settlements run two ways: one at a time
 * ({@link PaymentRelay#settle}) and in flight together ({@link PaymentRelay#settleAll}: what the
 * service does with a receipt's instructions or a backlog). A transfer is signed, sent and its
 * receipt awaited (same node, same poll interval), one at a time. Blocks of transfers and of each
 * kind of settlement alternate so that load from other work on the machine falls on all; each
 * ratio is taken per round, and the median reported. A step profile of the one-at-a-time path
 * ({@link StepProfile}) and the CPU time per item are printed too. Gas is read from the receipts.
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
            Transfers transfers =
                    new Transfers(chain, d, node.account(7), node.account(8).getAddress());

            // Blocks alternate: transfers, settlements one at a time, settlements in flight together.
            int perBlock = pending.size() / (2 * rounds + 1);
            // Warm-up: a block of settlements (half each way) and of transfers, not counted.
            settle(relay, profile, chain, pending.subList(0, perBlock / 2), false);
            settle(relay, profile, chain, pending.subList(perBlock / 2, perBlock), true);
            transfers.run(perBlock);
            Series tr = new Series();
            Series one = new Series();
            Series together = new Series();
            StringBuilder report = new StringBuilder();
            for (int r = 1; r <= rounds; r++) {
                int at = (2 * r - 1) * perBlock;
                Block t = transfers.run(perBlock);
                profile.on(true);
                Block s1 = settle(relay, profile, chain, pending.subList(at, at + perBlock), false);
                profile.on(false);
                Block s2 = settle(relay, profile, chain, pending.subList(at + perBlock, at + 2 * perBlock), true);
                tr.add(t, t);
                one.add(s1, t);
                together.add(s2, t);
                String line = String.format(
                        Locale.ROOT,
                        "round %d: transfers %.1f/s (p50 %.1f ms); settlements one at a time %.1f/s (p50 %.1f ms),"
                                + " ratio %.2f; in flight together %.1f/s (p50 %.1f ms), ratio %.2f",
                        r,
                        t.perSecond(),
                        median(t.nanos()) / 1e6,
                        s1.perSecond(),
                        median(s1.nanos()) / 1e6,
                        s1.perSecond() / t.perSecond(),
                        s2.perSecond(),
                        median(s2.nanos()) / 1e6,
                        s2.perSecond() / t.perSecond());
                log.println(line);
                report.append(line).append('\n');
            }
            String summary = String.format(
                    Locale.ROOT,
                    "%d transfers, %d settlements one at a time and %d in flight together, in %d rounds of %d each"
                            + " (after a warm-up block)%n"
                            + "settlements per second / transfers per second, median of the rounds:%n"
                            + "  one at a time %.2f (rounds %s)%n"
                            + "  in flight together (PaymentRelay.settleAll, up to %d) %.2f (rounds %s)%n"
                            + "p50 latency: transfer %.1f ms, settlement one at a time %.1f ms, in flight together %.1f ms"
                            + " (from the block's start to its ledger record)%n"
                            + "CPU of the benchmark's thread (relay and embedded ledger; not the node's) per item, median"
                            + " of the blocks: transfer %.2f ms, settlement one at a time %.2f ms, together %.2f ms%n"
                            + "gas: settlement median %d, transfer median %d, ratio %.2f%n",
                    tr.nanos.size(),
                    one.nanos.size(),
                    together.nanos.size(),
                    rounds,
                    perBlock,
                    medianD(one.ratios),
                    format(one.ratios),
                    PaymentRelay.MAX_IN_FLIGHT,
                    medianD(together.ratios),
                    format(together.ratios),
                    median(tr.nanos) / 1e6,
                    median(one.nanos) / 1e6,
                    median(together.nanos) / 1e6,
                    medianD(tr.cpuPerItem) / 1e6,
                    medianD(one.cpuPerItem) / 1e6,
                    medianD(together.cpuPerItem) / 1e6,
                    median(one.gas),
                    median(tr.gas),
                    (double) median(one.gas) / median(tr.gas));
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
        final List<Double> cpuPerItem = new ArrayList<>();

        void add(Block b, Block transfers) {
            nanos.addAll(b.nanos());
            gas.addAll(b.gas());
            ratios.add(b.perSecond() / transfers.perSecond());
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

    /** Plain ERC-20 transfers, each signed, sent and awaited like the relay's settlement. */
    private static final class Transfers {
        private final Chain chain;
        private final EscrowDeployment d;
        private final Credentials from;
        private final String to;
        private long nonce = -1;

        Transfers(Chain chain, EscrowDeployment d, Credentials from, String to) {
            this.chain = chain;
            this.d = d;
            this.from = from;
            this.to = to;
        }

        Block run(int n) throws Exception {
            if (nonce < 0) {
                nonce = chain.pendingNonce(from.getAddress()).longValueExact();
            }
            String data = FunctionEncoder.encode(new Function(
                    DepaToken.FUNC_TRANSFER, List.of(new Address(to), new Uint256(BigInteger.ONE)), List.of()));
            List<Long> nanos = new ArrayList<>();
            List<Long> gas = new ArrayList<>();
            long cpu = StepProfile.cpu();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                BigInteger price = chain.gasPrice();
                String raw = Numeric.toHexString(TransactionEncoder.signMessage(
                        RawTransaction.createTransaction(
                                BigInteger.valueOf(nonce++), price, Chain.GAS_LIMIT, d.tokenAddress(), data),
                        chain.chainId(),
                        from));
                var sent = chain.web3j().ethSendRawTransaction(raw).send();
                if (sent.hasError()) {
                    throw new IllegalStateException(
                            "transfer refused: " + sent.getError().getMessage());
                }
                String hash = Hash.sha3(raw);
                TransactionReceipt r;
                while ((r = chain.receipt(hash).orElse(null)) == null) {
                    Thread.sleep(POLL.toMillis());
                }
                if (!r.isStatusOK()) {
                    throw new IllegalStateException("transfer reverted: " + hash);
                }
                nanos.add(System.nanoTime() - t0);
                gas.add(r.getGasUsed().longValueExact());
            }
            return new Block(nanos, gas, System.nanoTime() - start, StepProfile.cpu() - cpu);
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
