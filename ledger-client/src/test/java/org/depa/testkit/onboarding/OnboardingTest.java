package org.depa.testkit.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The onboarding sequence on the embedded ledger, each transaction made by the party the chaincode expects. */
class OnboardingTest {
    private static final String MEASUREMENT = "ab".repeat(48);

    private EmbeddedLedger ledger;
    private Onboarding onboarding;
    private Agreement agreement;

    @BeforeEach
    void openLedger() {
        ledger = EmbeddedLedger.builder()
                .sroMspId("SROMSP")
                .chaincodeName("depa")
                .open();
        onboarding = new Onboarding(new SigningPayloads.Domain(ledger.channel(), "depa"), org("SROMSP"));
        agreement = onboarding.publishAgreement("v1", Hashes.sha256Hex("the agreement"));
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void anOnboardedMemberIsVerifiedAndHasSignedTheAgreementWithItsOwnKey() {
        Member tdp = member("tdp", Role.TDP, "ProviderMSP", SignatureAlgorithm.ED25519);
        Participant p = onboarding.onboard(tdp, agreement, "documents checked");
        assertThat(p.status()).isEqualTo(ParticipantStatus.VERIFIED);
        assertThat(p.agreementVersion()).isEqualTo("v1");
        assertThat(p.keyAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519.name());
        assertThat(p.certificatePem()).isEqualTo(tdp.certificatePem());
    }

    @Test
    void aRegisteredMemberStaysPendingUntilTheSroVerifiesIt() {
        Member tdc = member("tdc", Role.TDC, "ConsumerMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThat(onboarding.register(tdc).status()).isEqualTo(ParticipantStatus.PENDING);
        assertThat(onboarding.verify("tdc", null).status()).isEqualTo(ParticipantStatus.VERIFIED);
    }

    @Test
    void anActiveContractHasEveryPartysSignatureAndReservesTheBudget() {
        Contract c = contractWorld();
        ContractRecord active = onboarding.activeContract(c.tdc, c.proposal, List.of(c.tdc, c.ccr, c.tdp));
        assertThat(active.status()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(active.reservations()).singleElement().satisfies(r -> assertThat(r.epsilon())
                .isEqualByComparingTo("1"));
        assertThat(org("SROMSP").evaluate(Contracts.SIGNATURES, "c1"))
                .extracting(ContractSignature::participantId)
                .containsExactlyInAnyOrder("tdc", "ccr", "tdp");
    }

    @Test
    void aPartySignsThePayloadItFetchesAsTheChaincodeVerifiesIt() {
        Contract c = contractWorld();
        ContractRecord draft = onboarding.propose(c.tdc, c.proposal);
        ContractSignature s = onboarding.sign(c.tdp, draft.contractId());
        assertThat(s.version()).isEqualTo(draft.version());
        assertThat(s.algorithm()).isEqualTo(SignatureAlgorithm.ED25519.name());
        // Activation needs every party: the other two sign from the record they hold.
        onboarding.sign(c.tdc, draft);
        assertThatThrownBy(() -> onboarding.activate(c.tdc, "c1"))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURES_MISSING));
        onboarding.sign(c.ccr, draft);
        assertThat(onboarding.activate(c.tdc, "c1").status()).isEqualTo(ContractStatus.ACTIVE);
    }

    @Test
    void aMemberOutsideTheContractCannotSignIt() {
        Contract c = contractWorld();
        ContractRecord draft = onboarding.propose(c.tdc, c.proposal);
        Member stranger = member("stranger", Role.TDP, "ProviderMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
        onboarding.onboard(stranger, agreement, null);
        assertThatThrownBy(() -> onboarding.sign(stranger, draft))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_PARTY));
    }

    @Test
    void viaAnotherConnectionTheMemberActsFromThatOrganisation() {
        Instant now = Instant.now();
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                "tdp",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        Member fromElsewhere = Member.of("tdp", Role.TDP, "ProviderMSP", "tdp Ltd", c, org("ConsumerMSP"));
        assertThatThrownBy(() -> onboarding.register(fromElsewhere))
                .isInstanceOfSatisfying(
                        LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_ORGANISATION));
        onboarding.onboard(fromElsewhere.via(org("ProviderMSP")), agreement, null);
        assertThat(org("SROMSP").evaluate(Participants.GET, "tdp").agreementVersion())
                .isEqualTo("v1");
    }

    private record Contract(Member tdc, Member ccr, Member tdp, ContractProposal proposal) {}

    /** A TDC, a CCR provider and a TDP with one dataset, onboarded; the measurement certified. */
    private Contract contractWorld() {
        Member tdc = member("tdc", Role.TDC, "ConsumerMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
        Member ccr = member("ccr", Role.CCR_PROVIDER, "ConsumerMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
        Member tdp = member("tdp", Role.TDP, "ProviderMSP", SignatureAlgorithm.ED25519);
        for (Member m : List.of(tdc, ccr, tdp)) {
            onboarding.onboard(m, agreement, null);
        }
        org("SROMSP")
                .submit(
                        Measurements.CERTIFY,
                        new CertifyMeasurementRequest(MEASUREMENT, "test image", new Tcb(0, 0, 0, 0)));
        tdp.ledger()
                .submit(
                        Datasets.REGISTER,
                        new DatasetRequest(
                                "d1",
                                "tdp",
                                "d1",
                                "test data",
                                List.of(new SchemaField("k", "string", null)),
                                "file:///s",
                                "file:///e",
                                Hashes.sha256Hex("d1"),
                                "https://kms",
                                "key",
                                new DatasetTerms(
                                        List.of("TRAINING"),
                                        1L,
                                        "INR",
                                        new BigDecimal("2"),
                                        new BigDecimal("10"),
                                        new BigDecimal("0.01"))));
        Instant now = Instant.now();
        ContractProposal proposal = new ContractProposal(
                "c1",
                "tdc",
                "ccr",
                "TRAINING",
                now.minusSeconds(60).toString(),
                now.plus(Duration.ofDays(1)).toString(),
                List.of(new DatasetClauseRequest(
                        "d1",
                        "k",
                        new PrivacyConstraints(
                                BigDecimal.ONE, new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE, 1),
                        1L)),
                List.of(MEASUREMENT),
                new PaymentTerms("INR", 0),
                new RevocationTerms(List.of(Role.TDC)));
        return new Contract(tdc, ccr, tdp, proposal);
    }

    private Member member(String id, Role role, String msp, SignatureAlgorithm alg) {
        Instant now = Instant.now();
        Credentials c = SelfSigned.credentials(alg, id, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        return Member.of(id, role, msp, id + " Ltd", c, org(msp));
    }

    /** A client of organisation {@code msp} (not of any participant). */
    private TypedLedger org(String msp) {
        Instant now = Instant.now();
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                msp,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        return new TypedLedger(ledger.connect(new LedgerIdentity(msp, c.certificatePem())));
    }
}
