package org.depa.kms.bridge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.depa.kms.protocol.Challenge;

/**
 * Nonces in a map, with a queue in issue order (the lifetime is fixed, so that is expiry order) from which expired
 * entries are dropped on every call, and counts per source and per run and source. A consumed nonce stays (marked
 * used, still counted) until it expires, so that a replay is told apart from a nonce never issued and a caller
 * cannot free its quota by spending nonces on refused requests.
 */
final class BoundedNonceStore implements NonceStore {
    private static final int NONCE_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;
    private final Quotas quotas;
    private final Map<String, Entry> entries = new HashMap<>();
    private final ArrayDeque<Entry> byExpiry = new ArrayDeque<>();
    private final Map<String, Integer> perSource = new HashMap<>();
    private final Map<String, Integer> perRunAndSource = new HashMap<>();

    private record Entry(String nonce, String runId, String source, Instant expiresAt, boolean[] used) {
        String runKey() {
            return runId + "\n" + source;
        }
    }

    BoundedNonceStore(Clock clock, Duration ttl, Quotas quotas) {
        this.clock = clock;
        this.ttl = ttl;
        this.quotas = quotas;
    }

    @Override
    public synchronized Challenge issue(String runId, String source) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(source, "source");
        Instant now = clock.instant();
        purge(now);
        Entry probe = new Entry("", runId, source, now, new boolean[1]);
        if (perRunAndSource.getOrDefault(probe.runKey(), 0) >= quotas.perRunAndSource()) {
            throw new CapacityExceededException(quotas.perRunAndSource()
                    + " challenges are outstanding for this run from this source (per-run quota)");
        }
        if (perSource.getOrDefault(source, 0) >= quotas.perSource()) {
            throw new CapacityExceededException(
                    quotas.perSource() + " challenges are outstanding from this source (per-source quota)");
        }
        if (entries.size() >= quotas.total()) {
            throw new CapacityExceededException(quotas.total() + " challenges are outstanding (total bound)");
        }
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Entry e = new Entry(nonce, runId, source, now.plus(ttl), new boolean[1]);
        entries.put(nonce, e);
        byExpiry.addLast(e);
        perSource.merge(source, 1, Integer::sum);
        perRunAndSource.merge(e.runKey(), 1, Integer::sum);
        return new Challenge(nonce, e.expiresAt().toString());
    }

    @Override
    public synchronized Outcome consume(String nonce, String runId) {
        Instant now = clock.instant();
        Entry e = nonce == null ? null : entries.get(nonce);
        if (e == null) {
            purge(now);
            return Outcome.UNKNOWN;
        }
        if (e.used()[0]) {
            return Outcome.REPLAYED;
        }
        e.used()[0] = true;
        if (!now.isBefore(e.expiresAt())) {
            return Outcome.EXPIRED;
        }
        if (!e.runId().equals(runId)) {
            return Outcome.UNKNOWN;
        }
        return Outcome.ACCEPTED;
    }

    /** Drops expired entries; nonces expire in issue order. */
    private void purge(Instant now) {
        while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.peekFirst().expiresAt())) {
            Entry e = byExpiry.removeFirst();
            entries.remove(e.nonce());
            perSource.computeIfPresent(e.source(), (k, n) -> n == 1 ? null : n - 1);
            perRunAndSource.computeIfPresent(e.runKey(), (k, n) -> n == 1 ? null : n - 1);
        }
    }
}
