package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.testing.World;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded ledger stamps each transaction with its own clock (no client chooses the time), so
 * it has no proposal time window: a peer's chaincode process refuses proposals stamped more than
 * DEPA_TX_TIME_WINDOW from its clock (chaincode ProposalTimeWindowTest), the embedded ledger
 * accepts its clock wherever it is set, days away from the wall clock included, and writes
 * exactly that time.
 */
class EmbeddedTimeTest {
    @ParameterizedTest
    @ValueSource(longs = {-400, -1, 1, 400})
    void aLedgerWhoseClockIsDaysFromTheWallClockCommitsAtItsOwnTime(long days) {
        Instant at = Instant.now().plus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (EmbeddedLedger ledger =
                EmbeddedLedger.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).open()) {
            TypedLedger sro = new TypedLedger(ledger.connect(World.identity("SROMSP", "sro")));
            Agreement published = sro.submit(
                    Participants.PUBLISH_AGREEMENT, new PublishAgreementRequest("v1", Hashes.sha256Hex("v1")));
            assertThat(published.publishedAt()).isEqualTo(at.toString());
            assertThat(ledger.height()).isEqualTo(1);
        }
    }
}
