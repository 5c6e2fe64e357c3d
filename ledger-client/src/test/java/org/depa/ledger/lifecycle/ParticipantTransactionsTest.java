package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.edit;
import static org.depa.ledger.testing.World.json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Signatures;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.depa.testkit.Validity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** participants:* — registration, SRO verification and suspension, the common agreement, and the guard on every actor. */
class ParticipantTransactionsTest {
    private World w;

    @BeforeEach
    void setUp() {
        w = World.shared();
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private Participant participant(String id) {
        return w.sroLedger().evaluate(Participants.GET, id);
    }

    private Credentials credentials(String name) {
        return SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                name,
                World.START.minus(Duration.ofDays(1)),
                World.START.plus(Duration.ofDays(365)));
    }

    private Participant register(LedgerClient client, RegisterParticipantRequest r) {
        return Json.read(client.submit(Participants.REGISTER.name(), json(r)), Participant.class);
    }

    private Agreement publish(LedgerClient client, String version) {
        return Json.read(
                client.submit(
                        Participants.PUBLISH_AGREEMENT.name(),
                        json(new PublishAgreementRequest(version, Hashes.sha256Hex("text " + version)))),
                Agreement.class);
    }

    private Participant signAgreement(Party submitter, String participantId, String version, byte[] signature) {
        return submitter
                .ledger()
                .submit(
                        Participants.SIGN_AGREEMENT,
                        new SignAgreementRequest(
                                participantId, version, Base64.getEncoder().encodeToString(signature)));
    }

    private byte[] agreementPayload(Party p) {
        Agreement a = w.sroLedger().evaluate(Participants.GET_AGREEMENT);
        return SigningPayloads.agreement(w.domain(), p.id(), a.version(), a.textSha256());
    }

    @Nested
    class Register {
        @Test
        void registersAPendingParticipantBoundToItsCertificate() {
            Credentials c = credentials("icmr");
            Participant p = register(
                    w.client("IcmrMSP", "icmr-admin"),
                    new RegisterParticipantRequest("icmr", Role.TDP, "IcmrMSP", "ICMR", c.certificatePem()));
            assertThat(p.status()).isEqualTo(ParticipantStatus.PENDING);
            assertThat(p.role()).isEqualTo(Role.TDP);
            assertThat(p.keyAlgorithm()).isEqualTo("ECDSA_P256_SHA256");
            assertThat(p.certificateSha256())
                    .isEqualTo(Pem.certificate("c", c.certificatePem()).sha256());
            assertThat(p.agreementVersion()).isNull();
            assertThat(participant("icmr")).isEqualTo(p);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("ParticipantRegistered");
            assertThat(e.objectId()).isEqualTo("icmr");
        }

        @Test
        void acceptsEd25519AndP384Certificates() {
            assertThat(participant(w.register("ed", Role.TDP, "EdMSP", SignatureAlgorithm.ED25519)
                                    .id())
                            .keyAlgorithm())
                    .isEqualTo("ED25519");
            assertThat(participant(w.register("p384", Role.TDC, "P384MSP", SignatureAlgorithm.ECDSA_P384_SHA384)
                                    .id())
                            .keyAlgorithm())
                    .isEqualTo("ECDSA_P384_SHA384");
        }

        @Test
        void refusesRegistrationByAnotherOrganisation() {
            RegisterParticipantRequest r = new RegisterParticipantRequest(
                    "icmr", Role.TDP, "IcmrMSP", "ICMR", credentials("icmr").certificatePem());
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> register(w.client("CowinMSP", "cowin-admin"), r));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> register(w.sro, r));
            refused(ErrorCode.NOT_FOUND, () -> participant("icmr"));
        }

        @Test
        void refusesADuplicateId() {
            w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            Participant before = participant("icmr");
            w.refuse(
                    ErrorCode.ALREADY_EXISTS,
                    () -> register(
                            w.client("IcmrMSP", "icmr-admin"),
                            new RegisterParticipantRequest(
                                    "icmr",
                                    Role.TDC,
                                    "IcmrMSP",
                                    "Other",
                                    credentials("x").certificatePem())));
            assertThat(participant("icmr")).isEqualTo(before);
        }

        @Test
        void refusesACertificateNotValidNow() {
            LedgerClient client = w.client("IcmrMSP", "icmr-admin");
            Credentials expired = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "old",
                    World.START.minus(Duration.ofDays(30)),
                    World.START.minus(Duration.ofDays(1)));
            Credentials future = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "new",
                    World.START.plus(Duration.ofDays(1)),
                    World.START.plus(Duration.ofDays(30)));
            w.refuse(
                    ErrorCode.CERTIFICATE_NOT_VALID_NOW,
                    () -> register(
                            client,
                            new RegisterParticipantRequest(
                                    "icmr", Role.TDP, "IcmrMSP", "ICMR", expired.certificatePem())));
            w.refuse(
                    ErrorCode.CERTIFICATE_NOT_VALID_NOW,
                    () -> register(
                            client,
                            new RegisterParticipantRequest(
                                    "icmr", Role.TDP, "IcmrMSP", "ICMR", future.certificatePem())));
        }

        @Test
        void refusesWhatIsNotACertificateOfAnAcceptedKey() {
            LedgerClient client = w.client("IcmrMSP", "icmr-admin");
            Credentials c = credentials("icmr");
            w.refuse(
                    ErrorCode.INVALID_CERTIFICATE,
                    () -> register(
                            client,
                            new RegisterParticipantRequest("icmr", Role.TDP, "IcmrMSP", "ICMR", c.publicKeyPem())));
            w.refuse(
                    ErrorCode.INVALID_CERTIFICATE,
                    () -> register(
                            client,
                            new RegisterParticipantRequest(
                                    "icmr",
                                    Role.TDP,
                                    "IcmrMSP",
                                    "ICMR",
                                    "-----BEGIN CERTIFICATE-----\nAAAA\n" + "-----END CERTIFICATE-----\n")));
            w.refuse(
                    ErrorCode.INVALID_CERTIFICATE,
                    () -> register(
                            client,
                            new RegisterParticipantRequest(
                                    "icmr", Role.TDP, "IcmrMSP", "ICMR", c.certificatePem() + c.certificatePem())));
            String p521 = SelfSigned.certificate(
                            "icmr",
                            KeyType.EC_P521,
                            Validity.of(World.START.minus(Duration.ofDays(1)), World.START.plus(Duration.ofDays(9))))
                    .certificatePem();
            w.refuse(
                    ErrorCode.UNSUPPORTED_KEY,
                    () -> register(client, new RegisterParticipantRequest("icmr", Role.TDP, "IcmrMSP", "ICMR", p521)));
        }

        @Test
        void refusesInvalidFieldsNamingThem() {
            LedgerClient client = w.client("IcmrMSP", "icmr-admin");
            String cert = credentials("icmr").certificatePem();
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            client,
                                            new RegisterParticipantRequest("ICMR!", Role.TDP, "IcmrMSP", "ICMR", cert)))
                            .getMessage())
                    .contains("'id'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            client,
                                            new RegisterParticipantRequest("icmr", null, "IcmrMSP", "ICMR", cert)))
                            .getMessage())
                    .contains("'role'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            client,
                                            new RegisterParticipantRequest("icmr", Role.TDP, "Icmr MSP", "ICMR", cert)))
                            .getMessage())
                    .contains("'mspId'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            client,
                                            new RegisterParticipantRequest("icmr", Role.TDP, "IcmrMSP", " ", cert)))
                            .getMessage())
                    .contains("'name'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            client,
                                            new RegisterParticipantRequest("icmr", Role.TDP, "IcmrMSP", "ICMR", null)))
                            .getMessage())
                    .contains("'certificatePem'");
        }

        @Test
        void refusesMalformedJsonNamingTheField() {
            LedgerClient client = w.client("IcmrMSP", "icmr-admin");
            String valid = json(new RegisterParticipantRequest(
                    "icmr", Role.TDP, "IcmrMSP", "ICMR", credentials("i").certificatePem()));
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Participants.REGISTER.name(),
                                            edit(valid, "\"role\":\"TDP\"", "\"role\":\"ADMIN\"")))
                            .getMessage())
                    .contains("'role'");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Participants.REGISTER.name(),
                                            edit(valid, "\"role\":\"TDP\"", "\"role\":\"TDP\",\"admin\":true")))
                            .getMessage())
                    .contains("'admin'");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Participants.REGISTER.name(), edit(valid, "\"id\":\"icmr\"", "\"id\":42")))
                            .getMessage())
                    .contains("'id'");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Participants.REGISTER.name(),
                                            edit(valid, "\"id\":\"icmr\"", "\"id\":\"icmr\",\"id\":\"sro\"")))
                            .getMessage())
                    .contains("'id'");
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Participants.REGISTER.name(), ""));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Participants.REGISTER.name(), "null"));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Participants.REGISTER.name(), "[" + valid + "]"));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Participants.REGISTER.name(), valid + valid));
        }
    }

    @Nested
    class Verify {
        @Test
        void theSroVerifies() {
            w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            Participant p = w.sroLedger().submit(Participants.VERIFY, new ParticipantStatusRequest("icmr", "KYC done"));
            assertThat(p.status()).isEqualTo(ParticipantStatus.VERIFIED);
            assertThat(p.statusReason()).isEqualTo("KYC done");
            assertThat(participant("icmr")).isEqualTo(p);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("ParticipantVerified");
            assertThat(e.actor()).isEqualTo("SROMSP");
        }

        @Test
        void refusesANonSroSubmitter() {
            Party p = w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.refuse(ErrorCode.NOT_SRO, () -> p.ledger()
                    .submit(Participants.VERIFY, new ParticipantStatusRequest("icmr", null)));
            assertThat(participant("icmr").status()).isEqualTo(ParticipantStatus.PENDING);
        }

        @Test
        void refusesVerifyingTwiceOrAnUnknownParticipant() {
            w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.verify("icmr");
            Participant before = participant("icmr");
            w.refuse(ErrorCode.INVALID_STATE, () -> w.verify("icmr"));
            assertThat(participant("icmr")).isEqualTo(before);
            w.refuse(ErrorCode.NOT_FOUND, () -> w.verify("nobody"));
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> w.verify("No Body"));
        }

        @Test
        void reinstatesASuspendedParticipant() {
            w.publishAgreement("v1");
            Party p = w.onboard("icmr", Role.TDP, "IcmrMSP");
            w.suspend("icmr");
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> w.registerDataset(p, "d1", "5"));
            w.verify("icmr");
            assertThat(w.registerDataset(p, "d1", "5").ownerId()).isEqualTo("icmr");
        }
    }

    @Nested
    class Suspend {
        @Test
        void theSroSuspendsAndThePartyCanNoLongerAct() {
            w.publishAgreement("v1");
            Party p = w.onboard("icmr", Role.TDP, "IcmrMSP");
            Participant s = w.sroLedger().submit(Participants.SUSPEND, new ParticipantStatusRequest("icmr", "fraud"));
            assertThat(s.status()).isEqualTo(ParticipantStatus.SUSPENDED);
            assertThat(s.statusReason()).isEqualTo("fraud");
            assertThat(s.agreementVersion()).isEqualTo("v1");
            assertThat(w.lastEvent().type()).isEqualTo("ParticipantSuspended");
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> w.registerDataset(p, "d1", "5"));
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> w.signAgreement(p));
        }

        @Test
        void refusesANonSroSubmitter() {
            w.publishAgreement("v1");
            Party p = w.onboard("icmr", Role.TDP, "IcmrMSP");
            w.refuse(ErrorCode.NOT_SRO, () -> p.ledger()
                    .submit(Participants.SUSPEND, new ParticipantStatusRequest("icmr", "self")));
            assertThat(participant("icmr").status()).isEqualTo(ParticipantStatus.VERIFIED);
        }

        @Test
        void requiresAReasonAndRefusesSuspendingTwice() {
            w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> w.sroLedger()
                                    .submit(Participants.SUSPEND, new ParticipantStatusRequest("icmr", null)))
                            .getMessage())
                    .contains("'reason'");
            w.suspend("icmr");
            w.refuse(ErrorCode.INVALID_STATE, () -> w.suspend("icmr"));
            w.refuse(ErrorCode.NOT_FOUND, () -> w.suspend("nobody"));
        }
    }

    @Nested
    class PublishAgreement {
        @Test
        void theSroPublishesTheCurrentVersion() {
            Agreement a = publish(w.sro, "v1");
            assertThat(a.version()).isEqualTo("v1");
            assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT)).isEqualTo(a);
            assertThat(w.lastEvent().type()).isEqualTo("AgreementPublished");
            Agreement v2 = publish(w.sro, "v2");
            assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT)).isEqualTo(v2);
        }

        @Test
        void refusesANonSroSubmitter() {
            publish(w.sro, "v1");
            w.refuse(ErrorCode.NOT_SRO, () -> publish(w.client("IcmrMSP", "icmr-admin"), "v2"));
            assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT).version())
                    .isEqualTo("v1");
        }

        @Test
        void refusesAVersionPublishedBefore() {
            publish(w.sro, "v1");
            publish(w.sro, "v2");
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> publish(w.sro, "v1"));
            assertThat(w.sroLedger().evaluate(Participants.GET_AGREEMENT).version())
                    .isEqualTo("v2");
        }

        @Test
        void refusesAnInvalidTextHash() {
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> w.sro.submit(
                                            Participants.PUBLISH_AGREEMENT.name(),
                                            json(new PublishAgreementRequest("v1", "abc"))))
                            .getMessage())
                    .contains("'textSha256'");
            refused(ErrorCode.NO_AGREEMENT, () -> w.sro.evaluate(Participants.GET_AGREEMENT.name()));
        }
    }

    @Nested
    class SignAgreement {
        private Party verified;

        @BeforeEach
        void verifiedParticipant() {
            w.publishAgreement("v1");
            verified = w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.verify("icmr");
        }

        @Test
        void aVerifiedParticipantSignsWithItsRegisteredKey() {
            byte[] sig = verified.signer().sign(agreementPayload(verified));
            Participant p = signAgreement(verified, "icmr", "v1", sig);
            assertThat(p.agreementVersion()).isEqualTo("v1");
            assertThat(p.agreementSignature()).isEqualTo(Base64.getEncoder().encodeToString(sig));
            assertThat(w.lastEvent().type()).isEqualTo("AgreementSigned");
        }

        @Test
        void refusesBeforeVerificationAndWhenSuspended() {
            Party pending = w.register("cowin", Role.TDP, "CowinMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.refuse(ErrorCode.PARTICIPANT_NOT_VERIFIED, () -> w.signAgreement(pending));
            w.suspend("icmr");
            w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> w.signAgreement(verified));
            assertThat(participant("icmr").agreementVersion()).isNull();
        }

        @Test
        void refusesAStaleVersionAndSigningTwice() {
            byte[] v1 = verified.signer().sign(agreementPayload(verified));
            w.publishAgreement("v2");
            w.refuse(ErrorCode.STALE_VERSION, () -> signAgreement(verified, "icmr", "v1", v1));
            w.signAgreement(verified);
            Participant before = participant("icmr");
            w.refuse(ErrorCode.ALREADY_SIGNED, () -> w.signAgreement(verified));
            assertThat(participant("icmr")).isEqualTo(before);
        }

        @Test
        void refusesAKeyOtherThanTheRegisteredOne() {
            byte[] forged =
                    LocalSigner.fromPem(credentials("icmr").privateKeyPem()).sign(agreementPayload(verified));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> signAgreement(verified, "icmr", "v1", forged));
            assertThat(participant("icmr").agreementVersion()).isNull();
        }

        @Test
        void refusesAnotherParticipantsSignature() {
            Party cowin = w.register("cowin", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.verify("cowin");
            byte[] cowinSig = cowin.signer().sign(agreementPayload(cowin));
            w.refuse(ErrorCode.INVALID_SIGNATURE, () -> signAgreement(verified, "icmr", "v1", cowinSig));
        }

        @Test
        void refusesASubmitterFromAnotherOrganisation() {
            Party cowin = w.onboard("cowin", Role.TDP, "CowinMSP");
            byte[] sig = verified.signer().sign(agreementPayload(verified));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> signAgreement(cowin, "icmr", "v1", sig));
            assertThat(signAgreement(verified, "icmr", "v1", sig).agreementVersion())
                    .isEqualTo("v1");
        }

        @Test
        void refusesAMalleatedOrMalformedSignature() {
            byte[] sig = verified.signer().sign(agreementPayload(verified));
            w.refuse(
                    ErrorCode.MALLEABLE_SIGNATURE,
                    () -> signAgreement(verified, "icmr", "v1", Signatures.highS(sig, Signatures.p256Order())));
            w.refuse(
                    ErrorCode.INVALID_SIGNATURE,
                    () -> signAgreement(verified, "icmr", "v1", Signatures.longFormLength(sig)));
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> verified.ledger()
                                    .submit(Participants.SIGN_AGREEMENT, new SignAgreementRequest("icmr", "v1", "%%%")))
                            .getMessage())
                    .contains("'signature'");
        }

        @Test
        void refusesWhenNoAgreementWasPublished() {
            World bare = World.shared();
            try {
                Party p = bare.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
                bare.verify("icmr");
                bare.refuse(ErrorCode.NO_AGREEMENT, () -> p.ledger()
                        .submit(Participants.SIGN_AGREEMENT, new SignAgreementRequest("icmr", "v1", "AAAA")));
            } finally {
                bare.close();
            }
        }

        @Test
        void refusesASignerWhoseCertificateExpired() {
            Credentials brief = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "brief",
                    World.START.minus(Duration.ofDays(1)),
                    World.START.plus(Duration.ofDays(1)));
            Party p = w.register("brief", Role.TDC, "BriefMSP", brief);
            w.verify("brief");
            w.clock.advance(Duration.ofDays(2));
            w.refuse(ErrorCode.CERTIFICATE_NOT_VALID_NOW, () -> w.signAgreement(p));
        }
    }

    /** The guard every acting transaction applies (shown here on datasets:register). */
    @Nested
    class ActingParticipant {
        @Test
        void cannotActBeforeVerification() {
            w.publishAgreement("v1");
            Party p = w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.refuse(ErrorCode.PARTICIPANT_NOT_VERIFIED, () -> w.registerDataset(p, "d1", "5"));
        }

        @Test
        void cannotActBeforeSigningTheAgreement() {
            w.publishAgreement("v1");
            Party p = w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            w.verify("icmr");
            w.refuse(ErrorCode.AGREEMENT_NOT_SIGNED, () -> w.registerDataset(p, "d1", "5"));
        }

        @Test
        void cannotActAfterANewAgreementVersionUntilItSignsIt() {
            w.publishAgreement("v1");
            Party p = w.onboard("icmr", Role.TDP, "IcmrMSP");
            w.registerDataset(p, "d1", "5");
            w.publishAgreement("v2");
            w.refuse(ErrorCode.AGREEMENT_NOT_SIGNED, () -> w.registerDataset(p, "d2", "5"));
            w.signAgreement(p);
            assertThat(w.registerDataset(p, "d2", "5").id()).isEqualTo("d2");
        }

        @Test
        void cannotActInAnotherRoleOrForAnotherOrganisation() {
            w.publishAgreement("v1");
            Party tdc = w.onboard("tdc", Role.TDC, "ConsumerMSP");
            w.refuse(ErrorCode.WRONG_ROLE, () -> tdc.ledger()
                    .submit(Datasets.REGISTER, World.datasetRequest("d1", "tdc", "5")));
            w.onboard("icmr", Role.TDP, "IcmrMSP");
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> tdc.ledger()
                    .submit(Datasets.REGISTER, World.datasetRequest("d1", "icmr", "5")));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> w.sroLedger()
                    .submit(Datasets.REGISTER, World.datasetRequest("d1", "icmr", "5")));
            w.refuse(ErrorCode.NOT_FOUND, () -> tdc.ledger()
                    .submit(Datasets.REGISTER, World.datasetRequest("d1", "ghost", "5")));
        }
    }

    @Nested
    class Queries {
        @Test
        void getReturnsAParticipantAndRefusesUnknownOrInvalidIds() {
            w.register("icmr", Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            assertThat(participant("icmr").id()).isEqualTo("icmr");
            refused(ErrorCode.NOT_FOUND, () -> participant("cowin"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> participant("Cowin"));
        }

        @Test
        void listPagesThroughEveryParticipantOnce() {
            for (String id : List.of("p1", "p2", "p3", "p4", "p5")) {
                w.register(id, Role.TDP, "IcmrMSP", SignatureAlgorithm.ECDSA_P256_SHA256);
            }
            List<String> seen = new ArrayList<>();
            String bookmark = null;
            int pages = 0;
            do {
                Page<?> page = Json.read(
                        w.sro.evaluate(
                                Participants.LIST.name(), json(new org.depa.ledger.model.tx.PageRequest(2, bookmark))),
                        Page.class);
                for (Object item : page.items()) {
                    seen.add((String) ((Map<?, ?>) item).get("id"));
                }
                bookmark = page.bookmark();
                pages++;
            } while (!bookmark.isEmpty());
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactly("p1", "p2", "p3", "p4", "p5");
        }

        @Test
        void listRefusesBadPageSizesAndForeignBookmarks() {
            refused(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> w.sro.evaluate(
                            Participants.LIST.name(), json(new org.depa.ledger.model.tx.PageRequest(0, null))));
            refused(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> w.sro.evaluate(
                            Participants.LIST.name(), json(new org.depa.ledger.model.tx.PageRequest(201, null))));
            LedgerException e = refused(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> w.sro.evaluate(
                            Participants.LIST.name(),
                            json(new org.depa.ledger.model.tx.PageRequest(2, "\u0000dataset\u0000x\u0000"))));
            assertThat(e.getMessage()).contains("'bookmark'");
            refused(
                    ErrorCode.MALFORMED_REQUEST,
                    () -> w.sro.evaluate(Participants.LIST.name(), "{\"pageSize\":\"2\"}"));
        }
    }
}
