package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.kms.protocol.Challenge;
import org.depa.ledger.testing.MutableClock;
import org.junit.jupiter.api.Test;

class NonceStoreTest {
    private static final String RUN = "r-1";
    private static final String HOST = "10.0.0.1";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    private NonceStore store(int total, int perSource, int perRun) {
        return NonceStore.create(clock, Duration.ofSeconds(60), new NonceStore.Quotas(total, perSource, perRun));
    }

    @Test
    void aNonceIsAcceptedOnceThenReplayed() {
        NonceStore store = store(10, 10, 10);
        Challenge c = store.issue(RUN, HOST);

        assertThat(c.nonceBytes()).hasSize(32);
        assertThat(store.consume(c.nonce(), RUN)).isEqualTo(NonceStore.Outcome.ACCEPTED);
        assertThat(store.consume(c.nonce(), RUN)).isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(store.consume("never-issued", RUN)).isEqualTo(NonceStore.Outcome.UNKNOWN);
        assertThat(store.consume(null, RUN)).isEqualTo(NonceStore.Outcome.UNKNOWN);
    }

    @Test
    void aNonceServesOnlyTheRunItWasIssuedForAndIsSpentByAnother() {
        NonceStore store = store(10, 10, 10);
        Challenge c = store.issue(RUN, HOST);

        assertThat(store.consume(c.nonce(), "r-other")).isEqualTo(NonceStore.Outcome.UNKNOWN);
        assertThat(store.consume(c.nonce(), RUN)).isEqualTo(NonceStore.Outcome.REPLAYED);
    }

    @Test
    void aNonceExpiresAtItsLifetime() {
        NonceStore store = store(10, 10, 10);
        Challenge c = store.issue(RUN, HOST);
        clock.advance(Duration.ofSeconds(60));

        assertThat(store.consume(c.nonce(), RUN)).isEqualTo(NonceStore.Outcome.EXPIRED);
        assertThat(Instant.parse(c.expiresAt())).isEqualTo(Instant.parse("2026-03-01T00:01:00Z"));
    }

    @Test
    void theStoreIsBoundedAndFreesExpiredNonces() {
        NonceStore store = store(3, 3, 3);
        for (int i = 0; i < 3; i++) {
            store.issue(RUN, HOST);
        }

        assertThatThrownBy(() -> store.issue(RUN, HOST)).isInstanceOf(NonceStore.CapacityExceededException.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.issue(RUN, HOST).nonce()).isNotEmpty();
    }

    @Test
    void oneSourceFloodingSpendsOnlyItsOwnQuota() {
        // The finding: 9,999 challenges from one client, then every clean room got 429 for a minute.
        NonceStore store = store(10_000, 100, 10);
        int issued = 0;
        int refused = 0;
        for (int i = 0; i < 9_999; i++) {
            try {
                store.issue("r-" + (i % 50), "10.6.6.6");
                issued++;
            } catch (NonceStore.CapacityExceededException e) {
                refused++;
            }
        }

        assertThat(issued).isEqualTo(100);
        assertThat(refused).isEqualTo(9_899);
        assertThat(store.issue(RUN, HOST).nonce())
                .as("another source still gets a challenge")
                .isNotEmpty();
    }

    @Test
    void oneRunSpendsOnlyItsOwnQuotaOfItsSource() {
        NonceStore store = store(100, 20, 5);
        for (int i = 0; i < 5; i++) {
            store.issue(RUN, HOST);
        }

        assertThatThrownBy(() -> store.issue(RUN, HOST))
                .isInstanceOf(NonceStore.CapacityExceededException.class)
                .hasMessageContaining("per-run quota");
        assertThat(store.issue("r-2", HOST).nonce())
                .as("another run of the same source")
                .isNotEmpty();
        assertThat(store.issue(RUN, "10.0.0.2").nonce())
                .as("the same run from another source")
                .isNotEmpty();
    }

    @Test
    void theTotalStaysBoundedAcrossSources() {
        NonceStore store = store(10, 4, 4);
        for (int s = 0; s < 10; s++) {
            store.issue(RUN, "10.0.0." + s);
        }

        assertThatThrownBy(() -> store.issue(RUN, "10.0.1.1"))
                .isInstanceOf(NonceStore.CapacityExceededException.class)
                .hasMessageContaining("total");
    }

    @Test
    void spendingNoncesOnRefusedRequestsDoesNotFreeTheQuota() {
        NonceStore store = store(100, 3, 3);
        for (int i = 0; i < 3; i++) {
            Challenge c = store.issue(RUN, HOST);
            store.consume(c.nonce(), RUN);
        }

        assertThatThrownBy(() -> store.issue(RUN, HOST)).isInstanceOf(NonceStore.CapacityExceededException.class);
        clock.advance(Duration.ofSeconds(60));
        assertThat(store.issue(RUN, HOST).nonce()).isNotEmpty();
    }

    @Test
    void quotasMustNest() {
        assertThatThrownBy(() -> new NonceStore.Quotas(10, 20, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceStore.Quotas(10, 5, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NonceStore.Quotas.defaults(10_000)).isEqualTo(new NonceStore.Quotas(10_000, 100, 10));
    }

    @Test
    void noncesAreDistinct() {
        NonceStore store = store(1000, 1000, 1000);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(store.issue(RUN, HOST).nonce());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void ofConcurrentConsumersExactlyOneWins() throws Exception {
        NonceStore store = store(10, 10, 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Challenge c = store.issue(RUN, HOST);
                AtomicInteger accepted = new AtomicInteger();
                Future<?>[] futures = new Future<?>[8];
                for (int t = 0; t < 8; t++) {
                    futures[t] = pool.submit(() -> {
                        if (store.consume(c.nonce(), RUN) == NonceStore.Outcome.ACCEPTED) {
                            accepted.incrementAndGet();
                        }
                    });
                }
                for (Future<?> f : futures) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(accepted.get()).isEqualTo(1);
                clock.advance(Duration.ofSeconds(61)); // frees the store for the next round
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
