package org.depa.ccr.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Forward and backward passes of the MLP on DJL NDArrays, with per-example gradient clipping
 * computed in batch.
 *
 * <p>Backpropagation is written out by hand rather than taken from DJL's autograd. Autograd returns
 * the gradient of a scalar, summed over the batch, so per-example norms would need one backward
 * pass per example. What DP-SGD needs are each layer's input a (B x in) and the gradient of each
 * example's loss with respect to the layer's output, g (B x out). For a linear layer the example's
 * weight gradient is the outer product a_i g_i^T, so its squared norm is |a_i|^2 |g_i|^2, and the
 * bias gradient g_i adds |g_i|^2. With clip factors c_i = min(1, C / |grad_i|) the clipped sum is
 * a^T diag(c) g: two matrix products per layer, as in non-private training. For an MLP those
 * backward formulas are three lines each; the test checks them against DJL autograd run on one
 * example at a time.
 */
final class MlpMath {
    private MlpMath() {}

    /** Sum over the batch of (clipped) per-example gradients, flattened like {@link MlpParameters}. */
    record Gradients(float[] sum, float[] perExampleNorms, double lossSum) {}

    /**
     * @param clipNorm the max per-example gradient norm C, or 0 for no clipping (non-private)
     * @param perExampleNorms whether to compute per-example norms when not clipping (tests)
     */
    static Gradients gradients(
            NDManager manager,
            MlpParameters p,
            boolean tanh,
            float[] x,
            float[] y,
            int rows,
            double clipNorm,
            boolean perExampleNorms) {
        int layers = p.layers();
        try (NDManager m = manager.newSubManager()) {
            NDArray[] w = new NDArray[layers];
            NDArray[] b = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                w[l] = m.create(p.weights[l], new Shape(p.sizes[l], p.sizes[l + 1]));
                b[l] = m.create(p.biases[l], new Shape(1, p.sizes[l + 1]));
            }
            NDArray[] a = new NDArray[layers + 1];
            NDArray[] z = new NDArray[layers];
            a[0] = m.create(x, new Shape(rows, p.sizes[0]));
            for (int l = 0; l < layers; l++) {
                z[l] = a[l].matMul(w[l]).add(b[l]);
                if (l < layers - 1) {
                    a[l + 1] = tanh ? z[l].tanh() : z[l].maximum(0f);
                }
            }
            NDArray logit = z[layers - 1];
            NDArray target = m.create(y, new Shape(rows, 1));
            // Binary cross-entropy with logits, stable form: max(z,0) - z y + log(1 + exp(-|z|)).
            NDArray loss = logit.maximum(0f)
                    .sub(logit.mul(target))
                    .add(logit.abs().neg().exp().add(1f).log());
            double lossSum = loss.sum().getFloat();
            NDArray[] g = new NDArray[layers];
            g[layers - 1] = Activation.sigmoid(logit).sub(target);
            for (int l = layers - 1; l > 0; l--) {
                NDArray back = g[l].matMul(w[l].transpose());
                NDArray deriv = tanh
                        ? a[l].square().neg().add(1f)
                        : z[l - 1].gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                g[l - 1] = back.mul(deriv);
            }
            boolean needNorms = clipNorm > 0 || perExampleNorms;
            float[] norms = null;
            NDArray[] scaled = g;
            if (needNorms) {
                // |grad_i|^2 = sum over layers of (|a_i|^2 + 1) |g_i|^2. The vectors are short, so
                // reading a and g back once beats a dozen tiny engine calls per layer.
                double[] sq = new double[rows];
                for (int l = 0; l < layers; l++) {
                    float[] in = l == 0 ? x : a[l].toFloatArray();
                    float[] out = g[l].toFloatArray();
                    int ni = p.sizes[l];
                    int no = p.sizes[l + 1];
                    for (int r = 0; r < rows; r++) {
                        double sa = 1;
                        for (int k = r * ni, e = k + ni; k < e; k++) {
                            sa += (double) in[k] * in[k];
                        }
                        double sg = 0;
                        for (int k = r * no, e = k + no; k < e; k++) {
                            sg += (double) out[k] * out[k];
                        }
                        sq[r] += sa * sg;
                    }
                }
                norms = new float[rows];
                float[] factor = new float[rows];
                for (int r = 0; r < rows; r++) {
                    double norm = Math.sqrt(sq[r]);
                    norms[r] = (float) norm;
                    factor[r] = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
                }
                if (clipNorm > 0) {
                    NDArray c = m.create(factor, new Shape(rows, 1));
                    scaled = new NDArray[layers];
                    for (int l = 0; l < layers; l++) {
                        scaled[l] = g[l].mul(c);
                    }
                }
            }
            NDList parts = new NDList();
            for (int l = 0; l < layers; l++) {
                parts.add(a[l].transpose().matMul(scaled[l]).flatten());
                parts.add(scaled[l].sum(new int[] {0}).flatten());
            }
            float[] sum = ai.djl.ndarray.NDArrays.concat(parts).toFloatArray();
            return new Gradients(sum, norms, lossSum);
        }
    }

    /** Probabilities of the positive class for {@code rows} examples. */
    static float[] predict(NDManager manager, MlpParameters p, boolean tanh, float[] x, int rows) {
        int layers = p.layers();
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.create(x, new Shape(rows, p.sizes[0]));
            for (int l = 0; l < layers; l++) {
                NDArray w = m.create(p.weights[l], new Shape(p.sizes[l], p.sizes[l + 1]));
                NDArray b = m.create(p.biases[l], new Shape(1, p.sizes[l + 1]));
                NDArray zz = a.matMul(w).add(b);
                a = l < layers - 1 ? (tanh ? zz.tanh() : zz.maximum(0f)) : zz;
            }
            NDArray prob = Activation.sigmoid(a);
            return prob.toFloatArray();
        }
    }
}
