package org.depa.ccr.training;

import ai.djl.ndarray.NDManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SortedMap;
import java.util.TreeMap;

/** A model's metrics on one held-out split, and their form in results and receipts: six decimals. */
record Evaluation(double accuracy, double f1, double rocAuc, double logLoss) {
    static Evaluation of(NDManager m, MlpParameters p, boolean tanh, Matrix split) {
        float[] prob = MlpMath.predict(m, p, tanh, split.x(), split.rows());
        return new Evaluation(
                Metrics.accuracy(prob, split.y()),
                Metrics.f1(prob, split.y()),
                Metrics.rocAuc(prob, split.y()),
                Metrics.logLoss(prob, split.y()));
    }

    SortedMap<String, BigDecimal> asMap() {
        SortedMap<String, BigDecimal> m = new TreeMap<>();
        m.put("accuracy", decimal(accuracy));
        m.put("f1", decimal(f1));
        m.put("roc_auc", decimal(rocAuc));
        m.put("log_loss", decimal(logLoss));
        return m;
    }

    private static BigDecimal decimal(double v) {
        return Double.isNaN(v) ? BigDecimal.ZERO : BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN);
    }
}
