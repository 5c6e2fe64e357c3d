package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The negative authorisation matrix, endpoint by endpoint: no certificate, a certificate from an
 * unknown CA, a certificate nobody registered, a participant of the wrong role, of an
 * organisation the gateway does not serve, and a suspended participant. Every refusal happens
 * before the request body is read, so the bodies here are deliberately empty objects.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class AuthMatrixTest {
    static final Set<Role> ANY = EnumSet.allOf(Role.class);

    /** One operation and who may call it. */
    record Endpoint(String method, String path, Set<Role> roles, boolean sro) {
        /** No participant role may call: an operation of the SRO alone. */
        boolean sroOnly() {
            return roles.isEmpty();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        Response call(RequestSpecification spec) {
            RequestSpecification s = method.equals("GET")
                    ? spec
                    : spec.contentType("application/json").body("{}");
            return s.request(method, path);
        }
    }

    static Stream<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("GET", "/v1/participants", ANY, true));
        e.add(new Endpoint("GET", "/v1/participants/x", ANY, true));
        e.add(new Endpoint("POST", "/v1/participants/x/verify", Set.of(), true));
        e.add(new Endpoint("POST", "/v1/participants/x/suspend", Set.of(), true));
        e.add(new Endpoint("POST", "/v1/participants/x/agreement-signature", ANY, false));
        e.add(new Endpoint("GET", "/v1/agreement", ANY, true));
        e.add(new Endpoint("POST", "/v1/agreement", Set.of(), true));
        e.add(new Endpoint("GET", "/v1/agreement/signing-payload", ANY, false));
        e.add(new Endpoint("POST", "/v1/datasets", Set.of(Role.TDP), false));
        e.add(new Endpoint("GET", "/v1/datasets", ANY, true));
        e.add(new Endpoint("GET", "/v1/datasets/x", ANY, true));
        e.add(new Endpoint("GET", "/v1/datasets/x/budget", ANY, true));
        e.add(new Endpoint("GET", "/v1/datasets/x/sample", ANY, false));
        e.add(new Endpoint("POST", "/v1/datasets/x/withdraw", Set.of(Role.TDP), false));
        e.add(new Endpoint("POST", "/v1/measurements", Set.of(), true));
        e.add(new Endpoint("GET", "/v1/measurements", ANY, true));
        e.add(new Endpoint("GET", "/v1/measurements/x", ANY, true));
        e.add(new Endpoint("POST", "/v1/measurements/x/revoke", Set.of(), true));
        e.add(new Endpoint("POST", "/v1/contracts", Set.of(Role.TDC), false));
        e.add(new Endpoint("PUT", "/v1/contracts/x", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/contracts", ANY, true));
        e.add(new Endpoint("POST", "/v1/contracts/x/index", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x/versions/1", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x/signing-payload", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x/signatures", ANY, true));
        e.add(new Endpoint("POST", "/v1/contracts/x/signatures", ANY, false));
        e.add(new Endpoint("POST", "/v1/contracts/x/activate", ANY, false));
        e.add(new Endpoint("POST", "/v1/contracts/x/revoke", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x/history", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x/runs", ANY, true));
        e.add(new Endpoint("GET", "/v1/contracts/x/payments", ANY, true));
        e.add(new Endpoint("POST", "/v1/runs", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("GET", "/v1/runs/x", ANY, true));
        e.add(new Endpoint("POST", "/v1/runs/x/key-releases", Set.of(Role.TDP), false));
        e.add(new Endpoint("GET", "/v1/runs/x/key-releases", ANY, true));
        e.add(new Endpoint("POST", "/v1/runs/x/spec-key-releases", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/runs/x/spec-key-releases", ANY, true));
        e.add(new Endpoint("POST", "/v1/runs/x/receipt", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("GET", "/v1/runs/x/receipt", ANY, true));
        e.add(new Endpoint("POST", "/v1/runs/x/fail", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("GET", "/v1/payments/x", ANY, true));
        e.add(new Endpoint("POST", "/v1/payments/x/settle", Set.of(Role.PAYMENT_RELAY), false));
        e.add(new Endpoint("POST", "/v1/payments/x/defer", Set.of(Role.PAYMENT_RELAY), false));
        e.add(new Endpoint("GET", "/v1/contracts/x/jobs", ANY, true));
        e.add(new Endpoint("POST", "/v1/output-keys", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/output-keys/x", ANY, true));
        e.add(new Endpoint("POST", "/v1/jobs", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/jobs", ANY, true));
        e.add(new Endpoint("POST", "/v1/jobs/x/index", ANY, true));
        e.add(new Endpoint("GET", "/v1/jobs/x", ANY, true));
        e.add(new Endpoint("POST", "/v1/jobs/x/cancel", Set.of(Role.TDC), false));
        e.add(new Endpoint("POST", "/v1/jobs/x/schedule", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("POST", "/v1/jobs/x/start", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("POST", "/v1/jobs/x/fail", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("POST", "/v1/jobs/x/complete", Set.of(Role.CCR_PROVIDER), false));
        e.add(new Endpoint("GET", "/v1/jobs/x/events?limit=1", ANY, true));
        e.add(new Endpoint("GET", "/v1/jobs/x/progress", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/jobs/x/outputs", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/jobs/x/outputs/x.model.jwe", Set.of(Role.TDC), false));
        e.add(new Endpoint("GET", "/v1/history?objectType=contract&id=x", ANY, true));
        e.add(new Endpoint("GET", "/v1/events?limit=1", ANY, true));
        e.add(new Endpoint("POST", "/v1/dashboard/sessions", ANY, true));
        e.add(new Endpoint("POST", "/v1/audit/verifications", ANY, true));
        e.add(new Endpoint("GET", "/v1/audit/verifications/x", ANY, true));
        e.add(new Endpoint("GET", "/v1/audit/verifications/x/bundle", ANY, true));
        return e.stream();
    }

    static Member tdp;
    static Member tdc;
    static Member ccr;
    static Member auditor;
    static Member outsider;
    static Member suspended;
    static Member unregistered;
    static Member foreign;

    @BeforeAll
    static void cast() {
        tdp = Api.onboard("am-tdp", Role.TDP, "ProviderMSP");
        tdc = Api.onboard("am-tdc", Role.TDC, "ConsumerMSP");
        ccr = Api.onboard("am-ccr", Role.CCR_PROVIDER, "CcrMSP");
        auditor = Api.onboard("am-auditor", Role.AUDITOR, "ConsumerMSP");
        suspended = Api.onboard("am-suspended", Role.TDC, "ConsumerMSP");
        Api.json(Api.sro(), "{\"reason\":\"tests\"}")
                .post("/v1/participants/am-suspended/suspend")
                .then()
                .statusCode(200);
        outsider = OtherOrganisation.registerOutsider("am-outsider");
        unregistered = Api.certified("am-nobody", Role.TDC, "ConsumerMSP", "ca");
        foreign = Api.certified("am-foreign", Role.TDC, "ConsumerMSP", "foreign");
    }

    private static void refused(Response r, int status, String code) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).isEqualTo(code);
    }

    @Nested
    class EveryEndpoint {
        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesACallerWithoutCertificate(Endpoint e) {
            refused(e.call(Api.anonymous()), 401, "UNAUTHENTICATED");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesACertificateFromAnUnknownCa(Endpoint e) {
            Throwable t = catchThrowable(() -> refused(e.call(foreign.spec()), 401, "UNAUTHENTICATED"));
            // Either the TLS handshake fails or the client, finding no acceptable issuer, sends no certificate.
            if (t != null) {
                assertThat(t).isInstanceOfAny(javax.net.ssl.SSLException.class, java.net.SocketException.class);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesAnUnregisteredCertificate(Endpoint e) {
            refused(e.call(unregistered.spec()), 403, "NOT_REGISTERED");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesAParticipantOfAnotherOrganisation(Endpoint e) {
            refused(e.call(outsider.spec()), 403, "WRONG_ORGANISATION");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesASuspendedParticipant(Endpoint e) {
            refused(e.call(suspended.spec()), 403, "PARTICIPANT_SUSPENDED");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesEveryRoleNotAllowed(Endpoint e) {
            for (Member m : List.of(tdp, tdc, ccr, auditor)) {
                Response r = e.call(m.spec());
                if (e.sroOnly()) {
                    refused(r, 403, "NOT_PERMITTED");
                } else if (!e.roles().contains(m.role())) {
                    refused(r, 403, "WRONG_ROLE");
                } else {
                    // Allowed through the gateway: whatever the ledger says next is not an auth refusal.
                    assertThat(r.statusCode())
                            .as(e + " as " + m.role() + ": " + r.asString())
                            .isNotIn(401);
                    assertThat(r.asString()).doesNotContain("WRONG_ROLE", "NOT_REGISTERED", "UNAUTHENTICATED");
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.AuthMatrixTest#endpoints")
        void refusesSroOperatorsOutsideTheirOperations(Endpoint e) {
            Response r = e.call(Api.sro());
            if (!e.sro()) {
                refused(r, 403, "NOT_PERMITTED");
            } else {
                assertThat(r.asString()).doesNotContain("NOT_PERMITTED");
            }
        }
    }

    @Nested
    class ActingForOthers {
        @Test
        void aParticipantCannotActForAnotherOfItsOrganisation() {
            Api.json(tdc.spec(), "{\"contractId\":\"x\",\"participantId\":\"am-auditor\"}")
                    .post("/v1/contracts/x/activate")
                    .then()
                    .statusCode(403);
            Response r = Api.json(tdc.spec(), "{\"contractId\":\"x\",\"participantId\":\"am-auditor\"}")
                    .post("/v1/contracts/x/activate");
            refused(r, 403, "NOT_YOUR_IDENTITY");
        }

        /**
         * Issue 15: two participants of one organisation (ProviderMSP) act through two ledger
         * identities, each its own mutual-TLS certificate's key, so the caller for one cannot act as
         * the other: the gateway refuses the body that names the other (NOT_YOUR_IDENTITY) and, were
         * that check skipped, the ledger connection the gateway holds for the caller is refused too.
         */
        @Test
        void aParticipantActsOnlyThroughItsOwnLedgerIdentity() {
            Member colleague = Api.onboard("am-tdp-colleague", Role.TDP, "ProviderMSP");
            String tdpKey = clientKeySha256(tdp);
            String colleagueKey = clientKeySha256(colleague);
            assertThat(tdpKey).isEqualTo(spkiSha256(tdp));
            assertThat(colleagueKey).isEqualTo(spkiSha256(colleague)).isNotEqualTo(tdpKey);

            Response viaGateway = Api.json(
                            colleague.spec(), "{\"datasetId\":\"x\",\"ownerId\":\"am-tdp\",\"reason\":\"hostile\"}")
                    .post("/v1/datasets/x/withdraw");
            refused(viaGateway, 403, "NOT_YOUR_IDENTITY");

            org.depa.ledger.client.LedgerClient colleaguesConnection = io.quarkus.arc.Arc.container()
                    .instance(org.depa.gateway.ledger.LedgerConnections.class)
                    .get()
                    .forParticipant(
                            "ProviderMSP",
                            org.depa.ledger.model.Hashes.sha256Hex(der(colleague)),
                            colleague.credentials().certificatePem())
                    .orElseThrow();
            Throwable t = catchThrowable(() -> new org.depa.ledger.client.TypedLedger(colleaguesConnection)
                    .submit(
                            org.depa.ledger.model.catalogue.Participants.SIGN_AGREEMENT,
                            new org.depa.ledger.model.tx.SignAgreementRequest("am-tdp", "v1", "AAAA")));
            assertThat(t).isInstanceOf(org.depa.ledger.client.LedgerException.class);
            assertThat(((org.depa.ledger.client.LedgerException) t).code())
                    .isEqualTo(org.depa.ledger.model.ErrorCode.WRONG_CLIENT);
        }

        @Test
        void registrationCannotBindAnotherClientCertificate() {
            Member other = Api.certified("am-other-client", Role.TDP, "ProviderMSP", "ca");
            Member self = Api.certified("am-binds-other", Role.TDP, "ProviderMSP", "ca");
            Response r = Api.json(
                            self.spec(),
                            new org.depa.ledger.model.tx.RegisterParticipantRequest(
                                    "am-binds-other",
                                    Role.TDP,
                                    "ProviderMSP",
                                    "x",
                                    self.credentials().certificatePem(),
                                    other.credentials().certificatePem()))
                    .post("/v1/participants");
            refused(r, 403, "NOT_YOUR_IDENTITY");
        }

        @Test
        void aCertificateRegistersOnlyItself() {
            Member other = Api.certified("am-other", Role.TDC, "ConsumerMSP", "ca");
            Response r = Api.json(
                            unregistered.spec(),
                            new org.depa.ledger.model.tx.RegisterParticipantRequest(
                                    "am-other",
                                    Role.TDC,
                                    "ConsumerMSP",
                                    "x",
                                    other.credentials().certificatePem()))
                    .post("/v1/participants");
            refused(r, 403, "NOT_YOUR_IDENTITY");
        }

        @Test
        void aPendingParticipantReadsOnlyItself() {
            Member pending = Api.register("am-pending", Role.TDC, "ConsumerMSP");
            pending.spec().get("/v1/participants/me").then().statusCode(200);
            refused(pending.spec().get("/v1/datasets"), 403, "PARTICIPANT_NOT_VERIFIED");
        }
    }

    private static String clientKeySha256(Member m) {
        Response r = Api.sro().get("/v1/participants/" + m.id());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getString("clientKeySha256");
    }

    private static String spkiSha256(Member m) {
        return org.depa.ledger.model.Hashes.sha256Hex(
                m.credentials().certificate().getPublicKey().getEncoded());
    }

    private static byte[] der(Member m) {
        try {
            return m.credentials().certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
