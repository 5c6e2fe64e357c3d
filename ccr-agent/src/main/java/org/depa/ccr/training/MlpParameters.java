package org.depa.ccr.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The weights of a multilayer perceptron with one logit output: layer l maps {@code sizes[l]}
 * inputs to {@code sizes[l+1]} outputs, {@code z = a W + b}, W row-major {@code [in][out]}. Kept as
 * Java arrays between steps (the model is small; one copy into the engine per step costs less than
 * managing long-lived native arrays and their lifetimes), flattened to one vector for the optimiser
 * and the noise.
 */
final class MlpParameters {
    final int[] sizes;
    final float[][] weights;
    final float[][] biases;

    MlpParameters(int[] sizes) {
        this.sizes = sizes.clone();
        this.weights = new float[sizes.length - 1][];
        this.biases = new float[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            weights[l] = new float[sizes[l] * sizes[l + 1]];
            biases[l] = new float[sizes[l + 1]];
        }
    }

    /** Layer sizes: inputs, the hidden widths, 1. */
    static int[] sizes(int inputs, List<Integer> hidden) {
        int[] s = new int[hidden.size() + 2];
        s[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            s[i + 1] = hidden.get(i);
        }
        s[s.length - 1] = 1;
        return s;
    }

    /**
     * Glorot-uniform weights, zero biases, from a public seed: the initial weights are not secret
     * (the TDC may even supply them), so a reproducible generator is right here.
     */
    static MlpParameters initial(int[] sizes, long seed) {
        MlpParameters p = new MlpParameters(sizes);
        Random rnd = new Random(seed);
        for (int l = 0; l < p.layers(); l++) {
            double limit = Math.sqrt(6.0 / (sizes[l] + sizes[l + 1]));
            for (int i = 0; i < p.weights[l].length; i++) {
                p.weights[l][i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
            }
        }
        return p;
    }

    int layers() {
        return weights.length;
    }

    int count() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += weights[l].length + biases[l].length;
        }
        return n;
    }

    float[] flatten() {
        float[] v = new float[count()];
        int off = 0;
        for (int l = 0; l < layers(); l++) {
            System.arraycopy(weights[l], 0, v, off, weights[l].length);
            off += weights[l].length;
            System.arraycopy(biases[l], 0, v, off, biases[l].length);
            off += biases[l].length;
        }
        return v;
    }

    void assign(float[] v) {
        if (v.length != count()) {
            throw new IllegalArgumentException("parameter vector has " + v.length + " values, expected " + count());
        }
        int off = 0;
        for (int l = 0; l < layers(); l++) {
            System.arraycopy(v, off, weights[l], 0, weights[l].length);
            off += weights[l].length;
            System.arraycopy(v, off, biases[l], 0, biases[l].length);
            off += biases[l].length;
        }
    }

    MlpParameters copy() {
        MlpParameters c = new MlpParameters(sizes);
        c.assign(flatten());
        return c;
    }

    List<Integer> hidden() {
        List<Integer> h = new ArrayList<>();
        for (int i = 1; i < sizes.length - 1; i++) {
            h.add(sizes[i]);
        }
        return h;
    }
}
