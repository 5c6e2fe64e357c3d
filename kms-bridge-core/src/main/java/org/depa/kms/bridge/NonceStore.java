package org.depa.kms.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.depa.kms.protocol.Challenge;

/**
 * Single-use nonces with a short lifetime, each bound to the run it was asked for and counted against the caller
 * that asked: at most {@link Quotas#perRunAndSource()} outstanding for one run from one source, {@link
 * Quotas#perSource()} from one source, and {@link Quotas#total()} in all. So one caller spends only its own
 * capacity: a flood from one source is refused at its own quota while other sources still get challenges.
 * Implementations are thread-safe.
 */
public interface NonceStore {

    /** What {@link #consume} found. */
    enum Outcome {
        ACCEPTED,
        UNKNOWN,
        REPLAYED,
        EXPIRED
    }

    /**
     * How many unexpired nonces (used or not) may be outstanding.
     *
     * @param total in all (the store's memory bound)
     * @param perSource from one source (the caller's network address)
     * @param perRunAndSource for one run from one source
     */
    record Quotas(int total, int perSource, int perRunAndSource) {
        public Quotas {
            if (total < 1 || perSource < 1 || perRunAndSource < 1) {
                throw new IllegalArgumentException("nonce quotas must be at least 1");
            }
            if (perSource > total || perRunAndSource > perSource) {
                throw new IllegalArgumentException(
                        "nonce quotas must satisfy perRunAndSource <= perSource <= total, not " + perRunAndSource
                                + " <= " + perSource + " <= " + total);
            }
        }

        /** {@code total}, with at most 100 per source and 10 per run and source (each capped by the one above). */
        public static Quotas defaults(int total) {
            int perSource = Math.min(total, 100);
            return new Quotas(total, perSource, Math.min(perSource, 10));
        }
    }

    /** A store of at most {@code capacity} outstanding nonces, each valid for {@code ttl}, with default quotas. */
    static NonceStore create(Clock clock, Duration ttl, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ttl must be positive and capacity at least 1");
        }
        return create(clock, ttl, Quotas.defaults(capacity));
    }

    /** A store with these quotas, each nonce valid for {@code ttl}. */
    static NonceStore create(Clock clock, Duration ttl, Quotas quotas) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(quotas, "quotas");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive and capacity at least 1");
        }
        return new BoundedNonceStore(clock, ttl, quotas);
    }

    /**
     * A fresh 32-byte nonce from SecureRandom for a release for {@code runId}, asked for by {@code source}.
     *
     * @throws CapacityExceededException if a quota is full of unexpired nonces; the message names which
     */
    Challenge issue(String runId, String source);

    /**
     * Uses {@code nonce} up for a release for {@code runId}: the first call for an issued, unexpired nonce of that
     * run returns ACCEPTED; every later call, and any call after expiry, refuses; a nonce issued for another run is
     * UNKNOWN (and spent). Atomic: of two concurrent calls for one nonce, one at most is accepted.
     */
    Outcome consume(String nonce, String runId);

    /** A quota is full of unexpired nonces. */
    final class CapacityExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapacityExceededException(String message) {
            super(message);
        }
    }
}
