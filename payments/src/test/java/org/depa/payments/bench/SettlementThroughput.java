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
 * its checks (ledger status, {@code settled[id]}, a simulation), signing with an explicit nonce,
 * the journal written to disk before sending, sending, the receipt, one confirmation (the node
 * mines a block per transaction) and the record on the embedded ledger as the PAYMENT_RELAY
 * participant. A transfer is signed, sent and its receipt awaited the same way (same node, same
 * poll interval), one at a time. Blocks of transfers and of settlements alternate so that load
 * from other work on the machine falls on both; the ratio is taken per round, and the median
 * reported. Gas is read from the receipts.
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

            int perBlock = pending.size() / (rounds + 1);
            // Warm-up: one block of each, not counted.
            settle(relay, profile, chain, pending.subList(0, perBlock));
            transfers.run(perBlock);
            profile.on(true);
            List<Double> ratios = new ArrayList<>();
            List<Long> settleNanos = new ArrayList<>();
            List<Long> transferNanos = new ArrayList<>();
            List<Long> settleGas = new ArrayList<>();
            List<Long> transferGas = new ArrayList<>();
            StringBuilder report = new StringBuilder();
            for (int r = 1; r <= rounds; r++) {
                Block t = transfers.run(perBlock);
                Block st = settle(relay, profile, chain, pending.subList(r * perBlock, (r + 1) * perBlock));
                double ratio = st.perSecond() / t.perSecond();
                ratios.add(ratio);
                settleNanos.addAll(st.nanos());
                transferNanos.addAll(t.nanos());
                settleGas.addAll(st.gas());
                transferGas.addAll(t.gas());
                String line = String.format(
                        Locale.ROOT,
                        "round %d: transfers %.1f/s (p50 %.1f ms), settlements %.1f/s (p50 %.1f ms), ratio %.2f",
                        r,
                        t.perSecond(),
                        median(t.nanos()) / 1e6,
                        st.perSecond(),
                        median(st.nanos()) / 1e6,
                        ratio);
                log.println(line);
                report.append(line).append('\n');
            }
            String summary = String.format(
                    Locale.ROOT,
                    "%d settlements and %d transfers in %d rounds of %d each (after a warm-up block of each)%n"
                            + "settlements per second / transfers per second: median %.2f (rounds %s)%n"
                            + "p50 latency: settlement %.1f ms, transfer %.1f ms (transfer/settlement %.2f)%n"
                            + "gas: settlement median %d, transfer median %d, ratio %.2f%n",
                    settleNanos.size(),
                    transferNanos.size(),
                    rounds,
                    perBlock,
                    medianD(ratios),
                    ratios.stream()
                            .map(x -> String.format(Locale.ROOT, "%.2f", x))
                            .toList(),
                    median(settleNanos) / 1e6,
                    median(transferNanos) / 1e6,
                    (double) median(transferNanos) / median(settleNanos),
                    median(settleGas),
                    median(transferGas),
                    (double) median(settleGas) / median(transferGas));
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

    /** What one block measured: per-item wall time, gas, and the block's rate. */
    record Block(List<Long> nanos, List<Long> gas, long totalNanos) {
        double perSecond() {
            return nanos.size() / (totalNanos / 1e9);
        }
    }

    private static Block settle(PaymentRelay relay, StepProfile profile, Chain chain, List<PaymentInstruction> block)
            throws Exception {
        List<Long> nanos = new ArrayList<>();
        List<Long> gas = new ArrayList<>();
        long start = System.nanoTime();
        for (PaymentInstruction p : block) {
            long t0 = System.nanoTime();
            profile.start();
            PaymentRelay.Outcome o = relay.settle(p);
            profile.end();
            nanos.add(System.nanoTime() - t0);
            if (o.status() != PaymentStatus.SETTLED) {
                throw new IllegalStateException(p.paymentId() + " not settled: " + o.reason());
            }
            gas.add(chain.receipt(o.txHash()).orElseThrow().getGasUsed().longValueExact());
        }
        return new Block(nanos, gas, System.nanoTime() - start);
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
            return new Block(nanos, gas, System.nanoTime() - start);
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
