package org.depa.demo.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import org.depa.demo.party.Party;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.onboarding.Onboarding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded consortium: parties' keys and connections, and the run's own transactions and events. */
class InProcessConsortiumTest {
    @TempDir
    Path dir;

    @Test
    void aPartySignsWithItsOwnKeyThroughItsOrganisationsClient() {
        try (InProcessConsortium c = InProcessConsortium.embedded(dir.resolve("ledger"))) {
            Party icmr = c.party("icmr", Role.TDP, "ProviderMSP", "ICMR", SignatureAlgorithm.ED25519);
            Party cowin = c.party("cowin", Role.TDP, "ProviderMSP", "CoWIN", SignatureAlgorithm.ECDSA_P256_SHA256);
            Party lab = c.party("lab", Role.TDC, "ConsumerMSP", "Lab", SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(icmr.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
            assertThat(icmr.connection()).isSameAs(cowin.connection()).isNotSameAs(lab.connection());
            assertThat(icmr.connection().identity().mspId()).isEqualTo("ProviderMSP");
            assertThat(icmr.member().certificatePem())
                    .isNotEqualTo(cowin.member().certificatePem());
        }
    }

    @Test
    void itCountsTheTransactionsAndEventsOfThisRunOnly() {
        Path ledger = dir.resolve("ledger");
        try (InProcessConsortium c = InProcessConsortium.embedded(ledger)) {
            Onboarding o = new Onboarding(c.domain(), c.sro());
            Agreement a = o.publishAgreement("v1", Hashes.sha256Hex("agreement"));
            o.onboard(
                    c.party("icmr", Role.TDP, "ProviderMSP", "ICMR", SignatureAlgorithm.ED25519)
                            .member(),
                    a,
                    null);
            assertThat(c.committed()).isEqualTo(4);
            assertThat(c.eventCounts())
                    .containsExactly(
                            entry("AgreementPublished", 1),
                            entry("AgreementSigned", 1),
                            entry("ParticipantRegistered", 1),
                            entry("ParticipantVerified", 1));
            assertThat(c.description()).startsWith("Embedded ledger at " + ledger);
            assertThat(c.ledgerFile()).contains(ledger.resolve("ledger.jsonl"));
        }
        // The same ledger replayed: the earlier run's blocks are there, but not this run's.
        try (InProcessConsortium c = InProcessConsortium.embedded(ledger)) {
            Party lab = c.party("lab", Role.TDC, "ConsumerMSP", "Lab", SignatureAlgorithm.ECDSA_P256_SHA256);
            new Onboarding(c.domain(), c.sro()).register(lab.member());
            assertThat(c.committed()).isEqualTo(1);
            assertThat(c.eventCounts()).containsExactly(entry("ParticipantRegistered", 1));
        }
    }
}
