package org.depa.ccr.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecs;

/**
 * Load driver: trains the COVID scenario several times in one JVM and prints, per round, DP-SGD
 * throughput against non-private training of the same model on the same split in the same run,
 * and the private and non-private test metrics. The first round warms the JIT and is not counted.
 *
 * <pre>
 * java -cp ... org.depa.ccr.training.TrainingBenchmark &lt;data-dir&gt; &lt;spec.json&gt; [rounds] [delta]
 * </pre>
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    /**
     * Step throughput with the two kinds of step alternating in blocks of 200, so both see the same
     * machine load (this machine's cores are shared). Same model, data, batch size and optimiser.
     */
    static void interleaved(PrintStream out, ModelSpec spec, Table joined, PrivacyConstraints limits) {
        Preprocessing.Prepared data = Preprocessing.prepare(joined, spec);
        boolean tanh = spec.activation().equals("tanh");
        int[] sizes = MlpParameters.sizes(data.encoder().width(), spec.hiddenLayers());
        MlpParameters dpParams = MlpParameters.initial(sizes, spec.seed());
        MlpParameters plainParams = MlpParameters.initial(sizes, spec.seed());
        double lr = spec.optimizer().learningRate().doubleValue();
        Optimizer dpOpt = new Optimizer(spec.optimizer().name(), lr, dpParams.count());
        Optimizer plainOpt = new Optimizer(spec.optimizer().name(), lr, plainParams.count());
        PrivateRandomness random = new PrivateRandomness();
        RdpAccountant accountant = new RdpAccountant();
        int n = data.train().rows();
        double q = (double) spec.batchSize() / n;
        double sigma = limits.noiseMultiplier().doubleValue();
        double clip = limits.maxGradNorm().doubleValue();
        java.util.Random shuffle = new java.util.Random(1);
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        long dpNanos = 0;
        long plainNanos = 0;
        long dpExamples = 0;
        long plainExamples = 0;
        List<Double> blockRatios = new ArrayList<>();
        int cursor = n;
        try (ai.djl.ndarray.NDManager manager = DjlRuntime.newManager()) {
            for (int block = 0; block < 22; block++) {
                long t0 = System.nanoTime();
                long ex = 0;
                for (int s = 0; s < 200; s++) {
                    ex += TrainingJob.dpStep(manager, dpParams, dpOpt, data.train(), random, q, sigma, clip, tanh)
                            .sampled();
                    accountant.compose(q, sigma, 1);
                }
                long t1 = System.nanoTime();
                long px = 0;
                for (int s = 0; s < 200; s++) {
                    if (cursor + spec.batchSize() > n) {
                        for (int i = n - 1; i > 0; i--) {
                            int j = shuffle.nextInt(i + 1);
                            int t = order[i];
                            order[i] = order[j];
                            order[j] = t;
                        }
                        cursor = 0;
                    }
                    int[] idx = java.util.Arrays.copyOfRange(order, cursor, cursor + spec.batchSize());
                    cursor += spec.batchSize();
                    NonPrivateBaseline.sgdStep(
                            manager, plainParams, plainOpt, data.train().select(idx), tanh);
                    px += idx.length;
                }
                long t2 = System.nanoTime();
                if (block >= 2) { // two blocks of warm-up
                    dpNanos += t1 - t0;
                    plainNanos += t2 - t1;
                    dpExamples += ex;
                    plainExamples += px;
                    blockRatios.add(((double) ex / (t1 - t0)) / ((double) px / (t2 - t1)));
                }
            }
        }
        List<Double> sorted = blockRatios.stream().sorted().toList();
        out.printf(
                Locale.ROOT,
                "interleaved steps (20 blocks of 200 + 200): DP-SGD %.0f ex/s, non-private %.0f ex/s, ratio %.3f;"
                        + " per-block median %.3f (min %.3f, max %.3f)%n",
                dpExamples / (dpNanos / 1e9),
                plainExamples / (plainNanos / 1e9),
                (dpExamples / (double) dpNanos) / (plainExamples / (double) plainNanos),
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TrainingBenchmark <covid-data-dir> <model-spec.json> [rounds] [delta]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        ModelSpec spec = ModelSpecs.read(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        String delta = args.length > 3 ? args[3] : "0.01";
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<TableJoin.KeyedTable> tables = List.of(
                new TableJoin.KeyedTable(
                        Table.readCsv("icmr", data.resolve("poc_data_icmr_data.csv")), "icmr_patient_mobilenumber"),
                new TableJoin.KeyedTable(
                        Table.readCsv("cowin", data.resolve("poc_data_cowin_data.csv")), "cowin_registered_mobile"),
                new TableJoin.KeyedTable(
                        Table.readCsv("index", data.resolve("poc_data_statewarroom_data.csv")), "pcnumber"));
        Table joined = TableJoin.inner("covid", tables);
        // The reference contract's limits: epsilon 1.5, noise multiplier 2.0; clipping norm 1.0 ours.
        PrivacyConstraints limits = DpLimits.of("1.5", delta, "1.0", "2.0", 1000);
        out.printf(Locale.ROOT, "rows joined %d, epsilon 1.5, delta %s, sigma 2.0, C 1.0%n", joined.size(), delta);
        out.println(
                "round | dp ex/s | non-private ex/s | ratio | eps spent | steps | dp acc/f1/auc | non-private acc/f1/auc");
        List<Double> ratios = new ArrayList<>();
        List<double[]> metrics = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            Path work = Files.createTempDirectory("dpsgd-bench");
            try {
                TrainingResult r = TrainingJob.run(
                        new TrainingJob.Request(spec, joined, limits, work, null, ProgressListener.NONE, true));
                double ratio = r.dpExamplesPerSecond() / r.baselineExamplesPerSecond();
                out.printf(
                        Locale.ROOT,
                        "%s | %.0f | %.0f | %.3f | %s | %d | %s/%s/%s | %s/%s/%s%n",
                        round == 0 ? "warm-up" : Integer.toString(round),
                        r.dpExamplesPerSecond(),
                        r.baselineExamplesPerSecond(),
                        ratio,
                        r.epsilonSpent().toPlainString(),
                        r.steps(),
                        r.metrics().get("accuracy"),
                        r.metrics().get("f1"),
                        r.metrics().get("roc_auc"),
                        r.baselineMetrics().get("accuracy"),
                        r.baselineMetrics().get("f1"),
                        r.baselineMetrics().get("roc_auc"));
                if (round > 0) {
                    ratios.add(ratio);
                    metrics.add(new double[] {
                        r.metrics().get("accuracy").doubleValue(),
                        r.metrics().get("f1").doubleValue(),
                        r.metrics().get("roc_auc").doubleValue()
                    });
                }
            } finally {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
        interleaved(out, spec, joined, limits);
        List<Double> sorted = ratios.stream().sorted().toList();
        out.printf(
                Locale.ROOT,
                "median ratio %.3f (min %.3f, max %.3f) over %d rounds%n",
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                sorted.size());
        for (int k = 0; k < 3; k++) {
            final int m = k;
            List<Double> v = metrics.stream().map(a -> a[m]).sorted().toList();
            out.printf(
                    Locale.ROOT,
                    "%s: median %.4f, min %.4f, max %.4f%n",
                    new String[] {"accuracy", "f1", "roc_auc"}[k],
                    v.get(v.size() / 2),
                    v.get(0),
                    v.get(v.size() - 1));
        }
    }
}
