package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlpMathTest {
    static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = DjlRuntime.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** One example's gradient by DJL autograd, with the textbook cross-entropy -[y log p + (1-y) log(1-p)]. */
    static float[] autogradOneExample(MlpParameters p, boolean tanh, float[] x, float y) {
        Engine engine = DjlRuntime.engine();
        try (NDManager m = manager.newSubManager();
                GradientCollector gc = engine.newGradientCollector()) {
            int layers = p.layers();
            NDArray[] w = new NDArray[layers];
            NDArray[] b = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                w[l] = m.create(p.weights[l], new Shape(p.sizes[l], p.sizes[l + 1]));
                b[l] = m.create(p.biases[l], new Shape(1, p.sizes[l + 1]));
                w[l].setRequiresGradient(true);
                b[l].setRequiresGradient(true);
            }
            NDArray a = m.create(x, new Shape(1, p.sizes[0]));
            for (int l = 0; l < layers; l++) {
                NDArray z = a.matMul(w[l]).add(b[l]);
                a = l < layers - 1 ? (tanh ? Activation.tanh(z) : Activation.relu(z)) : z;
            }
            NDArray prob = Activation.sigmoid(a);
            NDArray loss = y == 1f ? prob.log().neg() : prob.neg().add(1f).log().neg();
            gc.backward(loss.sum());
            float[] out = new float[p.count()];
            int off = 0;
            for (int l = 0; l < layers; l++) {
                float[] gw = w[l].getGradient().toFloatArray();
                System.arraycopy(gw, 0, out, off, gw.length);
                off += gw.length;
                float[] gb = b[l].getGradient().toFloatArray();
                System.arraycopy(gb, 0, out, off, gb.length);
                off += gb.length;
            }
            return out;
        }
    }

    static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    record Batch(MlpParameters p, float[] x, float[] y, int rows) {}

    static Batch batch(int inputs, List<Integer> hidden, int rows, long seed, double inputScale) {
        MlpParameters p = MlpParameters.initial(MlpParameters.sizes(inputs, hidden), seed);
        Random r = new Random(seed + 1);
        for (float[] bias : p.biases) {
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (float) (r.nextGaussian() * 0.1);
            }
        }
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * inputScale);
        }
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextBoolean() ? 1f : 0f;
        }
        return new Batch(p, x, y, rows);
    }

    @Nested
    class PerExampleGradients {
        @ParameterizedTest
        @CsvSource({"relu, 6, 5, 12", "tanh, 6, 5, 12", "relu, 9, 0, 7", "tanh, 4, 8, 16"})
        void batchedNormsAndSumsEqualOneExampleAtATimeAutograd(String act, int inputs, int hidden, int rows) {
            boolean tanh = act.equals("tanh");
            List<Integer> h = hidden == 0 ? List.of() : List.of(hidden, 3);
            Batch bt = batch(inputs, h, rows, 7L * inputs + hidden, 1.0);
            MlpMath.Gradients g = MlpMath.gradients(manager, bt.p(), tanh, bt.x(), bt.y(), bt.rows(), 0, true);
            float[] expectedSum = new float[bt.p().count()];
            for (int i = 0; i < rows; i++) {
                float[] xi = new float[inputs];
                System.arraycopy(bt.x(), i * inputs, xi, 0, inputs);
                float[] gi = autogradOneExample(bt.p(), tanh, xi, bt.y()[i]);
                assertThat(g.perExampleNorms()[i])
                        .as("norm of example %s", i)
                        .isCloseTo((float) norm(gi), within(1e-5f));
                for (int k = 0; k < gi.length; k++) {
                    expectedSum[k] += gi[k];
                }
            }
            for (int k = 0; k < expectedSum.length; k++) {
                assertThat(g.sum()[k]).as("coordinate %s", k).isCloseTo(expectedSum[k], within(1e-5f));
            }
        }

        @ParameterizedTest
        @CsvSource({"relu, 0.05", "tanh, 0.3", "relu, 1.0"})
        void clippedSumEqualsSumOfIndividuallyClippedAutogradGradients(String act, double clip) {
            boolean tanh = act.equals("tanh");
            Batch bt = batch(5, List.of(6), 10, 99, 3.0);
            MlpMath.Gradients g = MlpMath.gradients(manager, bt.p(), tanh, bt.x(), bt.y(), bt.rows(), clip, false);
            float[] expected = new float[bt.p().count()];
            for (int i = 0; i < bt.rows(); i++) {
                float[] xi = new float[5];
                System.arraycopy(bt.x(), i * 5, xi, 0, 5);
                float[] gi = autogradOneExample(bt.p(), tanh, xi, bt.y()[i]);
                double c = Math.min(1, clip / norm(gi));
                for (int k = 0; k < gi.length; k++) {
                    expected[k] += (float) (gi[k] * c);
                }
            }
            for (int k = 0; k < expected.length; k++) {
                assertThat(g.sum()[k]).isCloseTo(expected[k], within(1e-5f));
            }
        }

        @ParameterizedTest
        @CsvSource({"0.01", "0.1", "2"})
        void eachClippedContributionIsBoundedByTheClipNorm(double clip) {
            Batch bt = batch(8, List.of(16), 32, 5, 10.0);
            for (int i = 0; i < bt.rows(); i++) {
                float[] xi = new float[8];
                System.arraycopy(bt.x(), i * 8, xi, 0, 8);
                MlpMath.Gradients one =
                        MlpMath.gradients(manager, bt.p(), false, xi, new float[] {bt.y()[i]}, 1, clip, false);
                assertThat(norm(one.sum())).isLessThanOrEqualTo(clip * (1 + 1e-5));
            }
            MlpMath.Gradients all = MlpMath.gradients(manager, bt.p(), false, bt.x(), bt.y(), bt.rows(), clip, false);
            assertThat(norm(all.sum())).isLessThanOrEqualTo(bt.rows() * clip * (1 + 1e-5));
        }
    }
}
