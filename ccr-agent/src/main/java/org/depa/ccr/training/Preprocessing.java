package org.depa.ccr.training;

import java.util.Objects;
import java.util.Random;

/** Deterministic split of the joined table and its encoding. */
final class Preprocessing {
    private Preprocessing() {}

    /** The three splits, encoded with statistics of the training split. */
    record Prepared(FeatureEncoder encoder, Matrix train, Matrix validation, Matrix test) {}

    static Prepared prepare(Table joined, ModelSpec spec) {
        Objects.requireNonNull(joined, "joined");
        Objects.requireNonNull(spec, "spec");
        for (String c : spec.requiredColumns()) {
            joined.columnIndex(c);
        }
        int n = joined.size();
        int[][] split = split(
                n, spec.split().validation().doubleValue(), spec.split().test().doubleValue(), spec.seed());
        if (split[0].length < 2 || split[1].length < 1 || split[2].length < 1) {
            throw new TableException("table " + joined.name() + " has too few rows (" + n + ") to split");
        }
        FeatureEncoder enc = FeatureEncoder.fit(joined, spec, split[0]);
        return new Prepared(
                enc, enc.encode(joined, split[0]), enc.encode(joined, split[1]), enc.encode(joined, split[2]));
    }

    /**
     * Row indices of train, validation and test: a Fisher-Yates permutation seeded by the
     * specification's public seed (java.util.Random is specified bit for bit, so every JVM splits
     * alike), test first, then validation, the rest training.
     */
    static int[][] split(int n, double validation, double test, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int nTest = (int) Math.round(n * test);
        int nVal = (int) Math.round(n * validation);
        int nTrain = n - nTest - nVal;
        int[] te = java.util.Arrays.copyOfRange(perm, 0, nTest);
        int[] va = java.util.Arrays.copyOfRange(perm, nTest, nTest + nVal);
        int[] tr = java.util.Arrays.copyOfRange(perm, nTest + nVal, nTest + nVal + nTrain);
        java.util.Arrays.sort(tr);
        java.util.Arrays.sort(va);
        java.util.Arrays.sort(te);
        return new int[][] {tr, va, te};
    }
}
