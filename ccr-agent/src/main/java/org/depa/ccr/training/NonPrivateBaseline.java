package org.depa.ccr.training;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.depa.modelspec.ModelSpec;

/**
 * The non-private comparison model: the same architecture from the same initial weights on the same
 * split, trained without clipping or noise. Only its metrics leave the job, for the TDC's report;
 * the model itself is never written.
 *
 * @param test its metrics on the test split
 * @param examplesPerSecond its training throughput, beside DP-SGD's
 */
record NonPrivateBaseline(Evaluation test, double examplesPerSecond) {
    /** One non-private step on a fixed batch: mean gradient, no clipping, no noise. */
    static void sgdStep(NDManager manager, MlpParameters params, Optimizer opt, Matrix batch, boolean tanh) {
        MlpMath.Gradients g = MlpMath.gradients(manager, params, tanh, batch.x(), batch.y(), batch.rows(), 0, false);
        float[] grad = g.sum();
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= batch.rows();
        }
        float[] flat = params.flatten();
        opt.step(flat, grad);
        params.assign(flat);
    }

    /**
     * Non-private training of the same architecture from the same initial weights on the same
     * split: shuffled fixed-size batches, mean gradient, no clipping, no noise.
     */
    static NonPrivateBaseline train(
            NDManager manager,
            ModelSpec spec,
            MlpParameters initial,
            boolean tanh,
            Preprocessing.Prepared data,
            int epochs) {
        MlpParameters params = initial.copy();
        Optimizer opt = new Optimizer(
                spec.optimizer().name(), spec.optimizer().learningRate().doubleValue(), params.count());
        int n = data.train().rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random shuffle = new Random(spec.seed() ^ 0x5DEECE66DL);
        long examples = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += spec.batchSize()) {
                int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + spec.batchSize()));
                sgdStep(manager, params, opt, data.train().select(idx), tanh);
                examples += idx.length;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new NonPrivateBaseline(
                Evaluation.of(manager, params, tanh, data.test()), seconds > 0 ? examples / seconds : 0);
    }
}
