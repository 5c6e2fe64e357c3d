package org.depa.kms.bridge;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.depa.kms.protocol.Challenge;

/** Single-use nonces with a short lifetime, bounded in number. Implementations are thread-safe. */
public interface NonceStore {

    /** What {@link #consume} found. */
    enum Outcome {
        ACCEPTED,
        UNKNOWN,
        REPLAYED,
        EXPIRED
    }

    /** A store of at most {@code capacity} outstanding nonces, each valid for {@code ttl}. */
    static NonceStore create(Clock clock, Duration ttl, int capacity) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || capacity < 1) {
            throw new IllegalArgumentException("ttl must be positive and capacity at least 1");
        }
        return new BoundedNonceStore(clock, ttl, capacity);
    }

    /**
     * A fresh 32-byte nonce from SecureRandom.
     *
     * @throws CapacityExceededException if {@code capacity} unexpired nonces are outstanding
     */
    Challenge issue();

    /**
     * Uses {@code nonce} up: the first call for an issued, unexpired nonce returns ACCEPTED; every later call, and
     * any call after expiry, refuses. Atomic: of two concurrent calls for one nonce, one at most is accepted.
     */
    Outcome consume(String nonce);

    /** The store is full of unexpired nonces. */
    final class CapacityExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapacityExceededException(String message) {
            super(message);
        }
    }
}
