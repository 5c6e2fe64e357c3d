package org.depa.ccr.training;

/**
 * Encoded examples: {@code rows x cols} features, row-major, and a 0/1 label per row.
 * Arrays are shared, not copied: package-private, and nothing mutates them after preprocessing.
 */
record Matrix(float[] x, float[] y, int rows, int cols) {
    Matrix {
        if (x.length != rows * cols || y.length != rows) {
            throw new IllegalArgumentException("matrix shape mismatch");
        }
    }

    /** The rows at {@code indices}, in that order. */
    Matrix select(int[] indices) {
        float[] sx = new float[indices.length * cols];
        float[] sy = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * cols, sx, i * cols, cols);
            sy[i] = y[indices[i]];
        }
        return new Matrix(sx, sy, indices.length, cols);
    }

    double positiveRate() {
        double s = 0;
        for (float v : y) {
            s += v;
        }
        return rows == 0 ? 0 : s / rows;
    }
}
