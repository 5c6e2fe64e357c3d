package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.depa.kms.bridge.RefusalException;
import org.depa.kms.protocol.RefusalCode;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.Test;

/**
 * The administrative routes' gate by itself, trying every way in: only the owner's own certificate, chained to the
 * organisation CA and inside its validity, is admitted.
 */
class OwnerGateTest {
    private static final CertificateAuthority ORG = CertificateAuthority.create("IcmrMSP TLS CA (gate test)");
    private static final Issued OWNER = ORG.tlsClient("icmr");

    private static OwnerGate gate(Clock clock) {
        return new OwnerGate(Optional.of(ORG.certificate()), Optional.of(OWNER.certificate()), clock);
    }

    private static final OwnerGate GATE = gate(Clock.systemUTC());

    @Test
    void theOwnerIsAdmittedWithOrWithoutTheCaInItsChain() {
        assertThatCode(() -> GATE.admit(List.of(OWNER.certificate()))).doesNotThrowAnyException();
        assertThatCode(() -> GATE.admit(List.of(OWNER.certificate(), ORG.certificate())))
                .doesNotThrowAnyException();
    }

    @Test
    void noCertificate() {
        refused(() -> GATE.admit(List.of()), RefusalCode.NO_CLIENT_CERTIFICATE, "none was presented");
    }

    @Test
    void aColleagueOfTheSameOrganisation() {
        refused(
                () -> GATE.admit(List.of(ORG.tlsClient("icmr-colleague").certificate())),
                RefusalCode.NOT_THE_KEY_OWNER,
                "icmr-colleague");
    }

    @Test
    void anotherOrganisationsCertificateUnderTheOwnersName() {
        Issued other =
                CertificateAuthority.create("CowinMSP TLS CA (gate test)").tlsClient("icmr");
        refused(() -> GATE.admit(List.of(other.certificate())), RefusalCode.CLIENT_NOT_TRUSTED, "organisation CA");
    }

    @Test
    void aSelfSignedCertificate() {
        X509Certificate self = CertificateAuthority.create("icmr").certificate();
        refused(() -> GATE.admit(List.of(self)), RefusalCode.CLIENT_NOT_TRUSTED, "CN=icmr");
    }

    @Test
    void theOrganisationCaItself() {
        refused(() -> GATE.admit(List.of(ORG.certificate())), RefusalCode.CLIENT_NOT_TRUSTED, "no client's");
    }

    @Test
    void anExpiredCertificateOfTheOrganisation() {
        refused(
                () -> GATE.admit(List.of(ORG.expired("icmr-old").certificate())),
                RefusalCode.CLIENT_NOT_TRUSTED,
                "icmr-old");
    }

    @Test
    void theOwnersOwnCertificateOnceItHasExpired() {
        Instant after = OWNER.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        refused(
                () -> gate(Clock.fixed(after, ZoneOffset.UTC)).admit(List.of(OWNER.certificate())),
                RefusalCode.CLIENT_NOT_TRUSTED,
                "CN=icmr");
    }

    @Test
    void aBridgeWithoutItsOwnerOrCaAdmitsNoOne() {
        OwnerGate noOwner = new OwnerGate(Optional.of(ORG.certificate()), Optional.empty(), Clock.systemUTC());
        refused(() -> noOwner.admit(List.of(OWNER.certificate())), RefusalCode.ADMIN_NOT_CONFIGURED, OwnerGate.OWNER);
        OwnerGate noCa = new OwnerGate(Optional.empty(), Optional.of(OWNER.certificate()), Clock.systemUTC());
        refused(() -> noCa.admit(List.of(OWNER.certificate())), RefusalCode.ADMIN_NOT_CONFIGURED, OwnerGate.CA);
    }

    private static void refused(ThrowingCallable call, RefusalCode code, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RefusalException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.problem().reasonCode()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.problem().detail()).contains(detail);
        });
    }
}
