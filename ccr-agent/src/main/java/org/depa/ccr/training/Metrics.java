package org.depa.ccr.training;

import java.util.Arrays;

/** Binary classification metrics on predicted probabilities. */
public final class Metrics {
    private Metrics() {}

    /** Fraction of examples whose probability is on the right side of 0.5. */
    public static double accuracy(float[] prob, float[] label) {
        check(prob, label);
        int right = 0;
        for (int i = 0; i < prob.length; i++) {
            if ((prob[i] >= 0.5f) == (label[i] == 1f)) {
                right++;
            }
        }
        return (double) right / prob.length;
    }

    /** F1 of the positive class at threshold 0.5; 0 when there are no true positives. */
    public static double f1(float[] prob, float[] label) {
        check(prob, label);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < prob.length; i++) {
            boolean predicted = prob[i] >= 0.5f;
            boolean actual = label[i] == 1f;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random
     * negative, ties counting one half (Mann-Whitney U with average ranks). NaN if a class is absent.
     */
    public static double rocAuc(float[] prob, float[] label) {
        check(prob, label);
        int n = prob.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(prob[a], prob[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && prob[order[j + 1]] == prob[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (label[order[k]] == 1f) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean binary cross-entropy. */
    public static double logLoss(float[] prob, float[] label) {
        check(prob, label);
        double s = 0;
        for (int i = 0; i < prob.length; i++) {
            double p = Math.min(Math.max(prob[i], 1e-7), 1 - 1e-7);
            s -= label[i] == 1f ? Math.log(p) : Math.log(1 - p);
        }
        return s / prob.length;
    }

    private static void check(float[] prob, float[] label) {
        if (prob.length != label.length || prob.length == 0) {
            throw new IllegalArgumentException("predictions and labels must be non-empty and of equal length");
        }
    }
}
