package org.depa.ledger.client.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaggingPeerPausesTest {
    @Test
    void theFirstRetryComesAfterTenMillisecondsAndEachPauseDoublesTheLast() {
        assertEquals(10, LaggingPeerPauses.beforeRetry(1));
        for (int n = 2; n <= LaggingPeerPauses.RETRIES; n++) {
            assertEquals(2 * LaggingPeerPauses.beforeRetry(n - 1), LaggingPeerPauses.beforeRetry(n), "retry " + n);
        }
    }

    @Test
    void aPeerReallyBehindStillGetsMoreThanASecondBeforeTheRefusalIsReturned() {
        long total = 0;
        for (int n = 1; n <= LaggingPeerPauses.RETRIES; n++) {
            total += LaggingPeerPauses.beforeRetry(n);
        }
        // The schedule this replaced (60 ms times the retry, five retries) waited 900 ms in all.
        assertTrue(total > 1_000, "all pauses together: " + total + " ms");
        assertTrue(LaggingPeerPauses.beforeRetry(LaggingPeerPauses.RETRIES) <= 1_000, "no single pause over a second");
    }

    @Test
    void aRetryOutsideTheScheduleIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> LaggingPeerPauses.beforeRetry(0));
        assertThrows(
                IllegalArgumentException.class, () -> LaggingPeerPauses.beforeRetry(LaggingPeerPauses.RETRIES + 1));
    }
}
