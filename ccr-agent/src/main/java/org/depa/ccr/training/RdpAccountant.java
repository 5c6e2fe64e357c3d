package org.depa.ccr.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rényi-DP accountant for the sampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism"): integer orders by the binomial
 * expansion (their Section 3.3), fractional orders by the two-sided series with erfc tails
 * (Section 3.4). Steps compose by adding RDP per order.
 *
 * <p>The conversion to (epsilon, delta) is selectable: {@link Conversion#CLASSIC} is Mironov's
 * 2017 bound {@code eps = rdp + log(1/delta)/(alpha-1)}, which is what TF Privacy's published MNIST
 * figures used; {@link Conversion#IMPROVED} is the tighter bound of Balle et al. 2020 (Theorem 21,
 * also Canonne, Kamath, Steinke 2020) that TF Privacy and Opacus use today. Both are valid upper
 * bounds; training charges the smaller of the two ({@link Conversion#BEST}).
 *
 * <p>Not thread-safe. The state is the list of {@link Segment}s, so a checkpoint can carry it
 * exactly and a resumed run continues the same sum.
 */
public final class RdpAccountant {

    /** The order list of TF Privacy and Opacus: 1.1, 1.2, ..., 10.9, then 12, ..., 63. */
    public static final List<Double> DEFAULT_ORDERS = defaultOrders();

    /** Ways to turn RDP into (epsilon, delta). */
    public enum Conversion {
        CLASSIC,
        IMPROVED,
        BEST
    }

    /** {@code steps} steps of the sampled Gaussian mechanism with rate q and noise multiplier sigma. */
    public record Segment(double samplingRate, double noiseMultiplier, long steps) {
        public Segment {
            if (!(samplingRate > 0 && samplingRate <= 1)) {
                throw new IllegalArgumentException("sampling rate must be in (0, 1]: " + samplingRate);
            }
            if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
                throw new IllegalArgumentException("noise multiplier must be positive: " + noiseMultiplier);
            }
            if (steps < 0) {
                throw new IllegalArgumentException("steps must not be negative: " + steps);
            }
        }
    }

    /** An epsilon and the order that achieved it. */
    public record Spent(double epsilon, double delta, double order) {}

    private final double[] orders;
    private final double[] rdp;
    private final List<Segment> segments = new ArrayList<>();
    // The fractional-order series is costly; training composes the same (q, sigma) every step.
    private double cachedQ = Double.NaN;
    private double cachedSigma = Double.NaN;
    private double[] cachedPerStep;

    public RdpAccountant() {
        this(DEFAULT_ORDERS);
    }

    public RdpAccountant(List<Double> orders) {
        Objects.requireNonNull(orders, "orders");
        this.orders = orders.stream().mapToDouble(Double::doubleValue).toArray();
        for (double a : this.orders) {
            if (!(a > 1) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("RDP orders must be finite and > 1: " + a);
            }
        }
        this.rdp = new double[this.orders.length];
    }

    /** Records {@code steps} steps. Consecutive segments with equal parameters are merged. */
    public void compose(double samplingRate, double noiseMultiplier, long steps) {
        Segment s = new Segment(samplingRate, noiseMultiplier, steps);
        if (steps == 0) {
            return;
        }
        double[] perStep = perStep(samplingRate, noiseMultiplier);
        for (int i = 0; i < rdp.length; i++) {
            rdp[i] += perStep[i] * steps;
        }
        int last = segments.size() - 1;
        if (last >= 0
                && segments.get(last).samplingRate() == samplingRate
                && segments.get(last).noiseMultiplier() == noiseMultiplier) {
            segments.set(
                    last,
                    new Segment(
                            samplingRate, noiseMultiplier, segments.get(last).steps() + steps));
        } else {
            segments.add(s);
        }
    }

    /** The steps composed so far, for checkpoints. */
    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    /** A fresh accountant that has composed {@code segments}. */
    public static RdpAccountant restore(List<Segment> segments) {
        RdpAccountant a = new RdpAccountant();
        for (Segment s : segments) {
            a.compose(s.samplingRate(), s.noiseMultiplier(), s.steps());
        }
        return a;
    }

    public long totalSteps() {
        return segments.stream().mapToLong(Segment::steps).sum();
    }

    /** The epsilon spent so far at {@code delta}. */
    public Spent spent(double delta, Conversion conversion) {
        return toEpsilon(orders, rdp, delta, conversion);
    }

    /** The epsilon that would be spent at {@code delta} after {@code extraSteps} more steps. */
    public Spent spentAfter(double samplingRate, double noiseMultiplier, long extraSteps, double delta, Conversion c) {
        double[] perStep = perStep(samplingRate, noiseMultiplier);
        double[] total = new double[rdp.length];
        for (int i = 0; i < rdp.length; i++) {
            total[i] = rdp[i] + perStep[i] * extraSteps;
        }
        return toEpsilon(orders, total, delta, c);
    }

    /**
     * How many more steps fit within {@code epsilon} at {@code delta} (at most {@code limit}):
     * the largest k with spentAfter(k) &lt;= epsilon. Epsilon grows with k, so binary search.
     */
    public long stepsWithin(
            double samplingRate, double noiseMultiplier, double epsilon, double delta, Conversion c, long limit) {
        if (spentAfter(samplingRate, noiseMultiplier, 0, delta, c).epsilon() > epsilon) {
            return 0;
        }
        long lo = 0;
        long hi = limit;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (spentAfter(samplingRate, noiseMultiplier, mid, delta, c).epsilon() <= epsilon) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private double[] perStep(double q, double sigma) {
        if (q != cachedQ || sigma != cachedSigma) {
            cachedPerStep = rdpPerStep(q, sigma, orders);
            cachedQ = q;
            cachedSigma = sigma;
        }
        return cachedPerStep;
    }

    /** RDP of one step of the sampled Gaussian mechanism at each order. */
    public static double[] rdpPerStep(double q, double sigma, double[] orders) {
        double[] out = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            out[i] = rdpOneStep(q, sigma, orders[i]);
        }
        return out;
    }

    static double rdpOneStep(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (q == 1.0) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** log A_alpha for integer alpha: sum_i binom(alpha,i) q^i (1-q)^(alpha-i) exp((i^2-i)/(2 sigma^2)). */
    static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= alpha; i++) {
            double logCoef =
                    SpecialFunctions.logAbsBinomial(alpha, i)[0] + i * Math.log(q) + (alpha - i) * Math.log1p(-q);
            double s = logCoef + (i * (double) i - i) / (2 * sigma * sigma);
            logA = SpecialFunctions.logAdd(logA, s);
        }
        return logA;
    }

    /** log A_alpha for fractional alpha, the series of Mironov et al. 2019 Section 3.4. */
    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        // |binom(alpha, i)| and its sign, updated term by term: binom(alpha, i+1) = binom(alpha, i) (alpha-i)/(i+1).
        double logCoef = 0;
        double sign = 1;
        for (int i = 0; i < 10_000_000; i++) {
            if (i > 0) {
                double factor = (alpha - (i - 1)) / i;
                if (factor < 0) {
                    sign = -sign;
                }
                logCoef += Math.log(Math.abs(factor));
            }
            double j = alpha - i;
            double logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + SpecialFunctions.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = Math.log(0.5) + SpecialFunctions.logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (sign > 0) {
                logA0 = SpecialFunctions.logAdd(logA0, logS0);
                logA1 = SpecialFunctions.logAdd(logA1, logS1);
            } else {
                logA0 = SpecialFunctions.logSub(logA0, logS0);
                logA1 = SpecialFunctions.logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return SpecialFunctions.logAdd(logA0, logA1);
    }

    /** The smallest epsilon over the orders at {@code delta}. */
    public static Spent toEpsilon(double[] orders, double[] rdp, double delta, Conversion conversion) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1): " + delta);
        }
        if (conversion == Conversion.BEST) {
            Spent classic = toEpsilon(orders, rdp, delta, Conversion.CLASSIC);
            Spent improved = toEpsilon(orders, rdp, delta, Conversion.IMPROVED);
            return improved.epsilon() <= classic.epsilon() ? improved : classic;
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double eps;
            if (conversion == Conversion.CLASSIC) {
                eps = rdp[i] - Math.log(delta) / (a - 1);
            } else {
                eps = rdp[i] - (Math.log(delta) + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
            }
            if (!Double.isNaN(eps) && eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new Spent(Math.max(0, best), delta, bestOrder);
    }

    private static List<Double> defaultOrders() {
        List<Double> o = new ArrayList<>();
        for (int x = 1; x < 100; x++) {
            o.add(1 + x / 10.0);
        }
        for (int a = 12; a < 64; a++) {
            o.add((double) a);
        }
        return List.copyOf(o);
    }
}
