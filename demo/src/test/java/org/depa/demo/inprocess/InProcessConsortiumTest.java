package org.depa.demo.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import org.depa.demo.party.Party;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.testkit.onboarding.Onboarding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded consortium: parties' keys and connections, and the run's own transactions and events. */
class InProcessConsortiumTest {
    @TempDir
    Path dir;

    @Test
    void aPartySignsWithItsOwnKeyThroughItsOwnClient() {
        try (InProcessConsortium c = InProcessConsortium.embedded(dir.resolve("ledger"))) {
            Party icmr = c.party("icmr", Role.TDP, "ProviderMSP", "ICMR", SignatureAlgorithm.ED25519);
            Party cowin = c.party("cowin", Role.TDP, "ProviderMSP", "CoWIN", SignatureAlgorithm.ECDSA_P256_SHA256);
            Party lab = c.party("lab", Role.TDC, "ConsumerMSP", "Lab", SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(icmr.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
            assertThat(icmr.connection()).isNotSameAs(cowin.connection()).isNotSameAs(lab.connection());
            assertThat(icmr.connection().identity().mspId()).isEqualTo("ProviderMSP");
            assertThat(cowin.connection().identity().mspId()).isEqualTo("ProviderMSP");
            assertThat(icmr.connection().identity().certificatePem())
                    .isNotEqualTo(cowin.connection().identity().certificatePem());
            assertThat(icmr.member().certificatePem())
                    .isNotEqualTo(cowin.member().certificatePem());
        }
    }

    /** Issue 15: two parties of one organisation, each bound to its own client; neither can act for the other. */
    @Test
    void aPartyOfTheSameOrganisationCannotActForAnother() {
        try (InProcessConsortium c = InProcessConsortium.embedded(dir.resolve("ledger"))) {
            Onboarding o = new Onboarding(c.domain(), c.sro());
            Agreement a = o.publishAgreement("v1", Hashes.sha256Hex("agreement"));
            Party icmr = c.party("icmr", Role.TDP, "ProviderMSP", "ICMR", SignatureAlgorithm.ED25519);
            Party cowin = c.party("cowin", Role.TDP, "ProviderMSP", "CoWIN", SignatureAlgorithm.ECDSA_P256_SHA256);
            Participant registered = o.onboard(icmr.member(), a, null);
            o.register(cowin.member());
            o.verify("cowin", null);
            assertThat(registered.clientKeySha256())
                    .isEqualTo(spkiSha256(icmr.connection().identity().certificatePem()))
                    .isNotEqualTo(spkiSha256(cowin.connection().identity().certificatePem()));
            Throwable t = catchThrowable(() ->
                    cowin.ledger().submit(Participants.SIGN_AGREEMENT, new SignAgreementRequest("icmr", "v1", "AAAA")));
            assertThat(t).isInstanceOf(LedgerException.class);
            assertThat(((LedgerException) t).code()).isEqualTo(ErrorCode.WRONG_CLIENT);
            // cowin's own client still acts for cowin.
            assertThat(o.signAgreement(cowin.member(), a).agreementVersion()).isEqualTo("v1");
        }
    }

    private static String spkiSha256(String certificatePem) {
        try {
            java.security.cert.X509Certificate x =
                    (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(new java.io.ByteArrayInputStream(
                                    certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return Hashes.sha256Hex(x.getPublicKey().getEncoded());
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
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
