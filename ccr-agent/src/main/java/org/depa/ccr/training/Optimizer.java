package org.depa.ccr.training;

/**
 * SGD or Adam on the flat parameter vector. It only post-processes the privatised gradient, so it
 * costs no privacy. Its state (Adam's moments and step count) is checkpointed with the weights.
 */
final class Optimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    final String name;
    final double learningRate;
    final float[] m;
    final float[] v;
    long t;

    Optimizer(String name, double learningRate, int size) {
        this.name = name;
        this.learningRate = learningRate;
        this.m = new float[name.equals("adam") ? size : 0];
        this.v = new float[name.equals("adam") ? size : 0];
    }

    /** params -= update(grad), in place. */
    void step(float[] params, float[] grad) {
        t++;
        if (name.equals("sgd")) {
            for (int i = 0; i < params.length; i++) {
                params[i] -= (float) (learningRate * grad[i]);
            }
            return;
        }
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < params.length; i++) {
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * grad[i]);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i]);
            double mh = m[i] / c1;
            double vh = v[i] / c2;
            params[i] -= (float) (learningRate * mh / (Math.sqrt(vh) + EPS));
        }
    }
}
