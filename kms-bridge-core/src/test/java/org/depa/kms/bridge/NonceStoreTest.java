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
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void aNonceIsAcceptedOnceThenReplayed() {
        NonceStore store = NonceStore.create(clock, Duration.ofSeconds(60), 10);
        Challenge c = store.issue();

        assertThat(c.nonceBytes()).hasSize(32);
        assertThat(store.consume(c.nonce())).isEqualTo(NonceStore.Outcome.ACCEPTED);
        assertThat(store.consume(c.nonce())).isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(store.consume("never-issued")).isEqualTo(NonceStore.Outcome.UNKNOWN);
        assertThat(store.consume(null)).isEqualTo(NonceStore.Outcome.UNKNOWN);
    }

    @Test
    void aNonceExpiresAtItsLifetime() {
        NonceStore store = NonceStore.create(clock, Duration.ofSeconds(60), 10);
        Challenge c = store.issue();
        clock.advance(Duration.ofSeconds(60));

        assertThat(store.consume(c.nonce())).isEqualTo(NonceStore.Outcome.EXPIRED);
        assertThat(Instant.parse(c.expiresAt())).isEqualTo(Instant.parse("2026-03-01T00:01:00Z"));
    }

    @Test
    void theStoreIsBoundedAndFreesExpiredNonces() {
        NonceStore store = NonceStore.create(clock, Duration.ofSeconds(60), 3);
        for (int i = 0; i < 3; i++) {
            store.issue();
        }

        assertThatThrownBy(store::issue).isInstanceOf(NonceStore.CapacityExceededException.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(store.issue().nonce()).isNotEmpty();
    }

    @Test
    void noncesAreDistinct() {
        NonceStore store = NonceStore.create(clock, Duration.ofSeconds(60), 1000);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(store.issue().nonce());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void ofConcurrentConsumersExactlyOneWins() throws Exception {
        NonceStore store = NonceStore.create(clock, Duration.ofSeconds(60), 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Challenge c = store.issue();
                AtomicInteger accepted = new AtomicInteger();
                Future<?>[] futures = new Future<?>[8];
                for (int t = 0; t < 8; t++) {
                    futures[t] = pool.submit(() -> {
                        if (store.consume(c.nonce()) == NonceStore.Outcome.ACCEPTED) {
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
