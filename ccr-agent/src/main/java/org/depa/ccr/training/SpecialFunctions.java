package org.depa.ccr.training;

/** log-domain helpers for the accountant; accurate to about 1e-13 relative where it matters. */
final class SpecialFunctions {
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

    private SpecialFunctions() {}

    /** log(exp(a) + exp(b)) without overflow. */
    static double logAdd(double a, double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return Math.log1p(Math.exp(lo - hi)) + hi;
    }

    /** log(exp(a) - exp(b)) for a >= b. */
    static double logSub(double a, double b) {
        if (a < b) {
            throw new ArithmeticException("logSub of a negative difference");
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = a - b;
        if (d > 700) {
            return a;
        }
        return Math.log(Math.expm1(d)) + b;
    }

    /** log(erfc(x)) for any finite x, without underflow for large x. */
    static double logErfc(double x) {
        if (x < 0) {
            // erfc(x) = 2 - erfc(-x), between 1 and 2: no precision problem.
            return Math.log(2 - Math.exp(logErfc(-x)));
        }
        if (x < 3) {
            return Math.log1p(-erf(x));
        }
        // Continued fraction erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
        // evaluated bottom-up with enough terms for x >= 3.
        double f = x;
        for (int k = 120; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return -x * x - LOG_SQRT_PI - Math.log(f);
    }

    /** erf(x) for 0 <= x < 3 by the positive-term series exp(-x^2) sum 2^n x^(2n+1) / (2n+1)!!. */
    static double erf(double x) {
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int n = 1; n < 500; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    /** log of |binomial(alpha, i)| for real alpha and integer i >= 0, and its sign. */
    static double[] logAbsBinomial(double alpha, int i) {
        double log = 0;
        double sign = 1;
        for (int k = 0; k < i; k++) {
            double factor = (alpha - k) / (k + 1);
            if (factor == 0) {
                return new double[] {Double.NEGATIVE_INFINITY, 0};
            }
            if (factor < 0) {
                sign = -sign;
            }
            log += Math.log(Math.abs(factor));
        }
        return new double[] {log, sign};
    }
}
