package org.depa.ccr.training;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The randomness that privacy rests on: which examples a step samples and the Gaussian noise.
 * Both come from a cryptographically secure generator (the JDK's NIST SP 800-90A Hash_DRBG with
 * SHA-256, seeded by the operating system), never from a seed anyone could know or repeat; the
 * model specification's seed is for non-secret choices only.
 *
 * <p>Gaussians are drawn by Box-Muller from 53-bit uniforms. We do not use the engine's normal
 * sampler: PyTorch's generator is a Mersenne Twister seeded with 64 bits, predictable from its
 * output, and the noise must stay unknown to whoever sees the model. Known limit: floating-point
 * Gaussian samplers leak through their discrete support in theory (Jin et al. 2022); a discrete
 * Gaussian would close that and is left for later.
 */
final class PrivateRandomness {
    private final SecureRandom random;
    private final byte[] buffer = new byte[8 * 1024];
    private int position = buffer.length;

    PrivateRandomness() {
        try {
            this.random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no DRBG", e);
        }
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    double uniform() {
        if (position + 8 > buffer.length) {
            random.nextBytes(buffer);
            position = 0;
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buffer[position++] & 0xFF);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** Adds N(0, std^2) to each element of {@code v}. */
    void addGaussian(float[] v, double std) {
        for (int i = 0; i < v.length; i += 2) {
            // u1 in (0, 1] so the logarithm is finite.
            double u1 = 1.0 - uniform();
            double u2 = uniform();
            double r = Math.sqrt(-2.0 * Math.log(u1)) * std;
            v[i] += (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) {
                v[i + 1] += (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
    }

    /**
     * Poisson sampling: each of {@code n} examples joins the batch independently with probability
     * {@code q}. This is the sampling the RDP analysis of the sampled Gaussian mechanism assumes;
     * the batch size varies. Gaps between chosen examples are geometric, so a step costs O(q n)
     * draws, not O(n).
     */
    int[] poissonSample(int n, double q) {
        if (q >= 1) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] chosen = new int[Math.max(16, (int) (2 * q * n) + 16)];
        int count = 0;
        double logOneMinusQ = Math.log1p(-q);
        long i = -1;
        while (true) {
            double u = 1.0 - uniform();
            long gap = (long) Math.floor(Math.log(u) / logOneMinusQ);
            i += gap + 1;
            if (i >= n) {
                break;
            }
            if (count == chosen.length) {
                chosen = Arrays.copyOf(chosen, chosen.length * 2);
            }
            chosen[count++] = (int) i;
        }
        return Arrays.copyOf(chosen, count);
    }
}
