package org.depa.kms.bridge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.depa.kms.protocol.Challenge;

/**
 * Nonces in a concurrent map. A consumed nonce stays (marked used) until it expires so that a replay is told apart
 * from a nonce never issued; expired entries are purged when the map fills up.
 */
final class BoundedNonceStore implements NonceStore {
    private static final int NONCE_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final Instant expiresAt;
        final AtomicBoolean used = new AtomicBoolean();

        Entry(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    BoundedNonceStore(Clock clock, Duration ttl, int capacity) {
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    @Override
    public Challenge issue() {
        Instant now = clock.instant();
        if (entries.size() >= capacity) {
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt));
            if (entries.size() >= capacity) {
                throw new CapacityExceededException(capacity + " nonces are outstanding");
            }
        }
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(ttl);
        entries.put(nonce, new Entry(expiresAt));
        return new Challenge(nonce, expiresAt.toString());
    }

    @Override
    public Outcome consume(String nonce) {
        Entry e = nonce == null ? null : entries.get(nonce);
        if (e == null) {
            return Outcome.UNKNOWN;
        }
        if (!e.used.compareAndSet(false, true)) {
            return Outcome.REPLAYED;
        }
        if (!clock.instant().isBefore(e.expiresAt)) {
            entries.remove(nonce, e);
            return Outcome.EXPIRED;
        }
        return Outcome.ACCEPTED;
    }
}
