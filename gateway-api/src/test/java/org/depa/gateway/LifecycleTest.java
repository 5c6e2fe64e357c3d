package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.World;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole contract lifecycle through the gateway, every write made by the participant's own
 * certificate and every signature made client-side with the participant's own key.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleTest {
    static final String MEASUREMENT = World.MEASUREMENT;
    static Member icmr;
    static Member cowin;
    static Member tdc;
    static Member ccr;
    static Member auditor;
    static Member relay;
    static final Credentials RUN_KEY = SelfSigned.credentials(
            SignatureAlgorithm.ECDSA_P384_SHA384,
            "run-key",
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1)));

    @BeforeAll
    static void onboard() {
        icmr = Api.onboard("lc-icmr", Role.TDP, "ProviderMSP");
        cowin = Api.onboard("lc-cowin", Role.TDP, "ProviderMSP");
        tdc = Api.onboard("lc-tdc", Role.TDC, "ConsumerMSP");
        ccr = Api.onboard("lc-ccr", Role.CCR_PROVIDER, "CcrMSP");
        auditor = Api.onboard("lc-auditor", Role.AUDITOR, "ConsumerMSP");
        relay = Api.onboard("lc-relay", Role.PAYMENT_RELAY, "ConsumerMSP");
        Api.ensureMeasurement(MEASUREMENT);
    }

    @Test
    @Order(1)
    void participantsReadTheirOwnAndTheRegistry() {
        tdc.spec().get("/v1/participants/me").then().statusCode(200).body("id", equalTo("lc-tdc"));
        auditor.spec().get("/v1/participants/lc-icmr").then().statusCode(200).body("role", equalTo("TDP"));
        Api.sro().get("/v1/participants?pageSize=2").then().statusCode(200).body("items", hasSize(2));
        tdc.spec().get("/v1/agreement").then().statusCode(200).body("version", equalTo("v1"));
        tdc.spec().get("/v1/measurements").then().statusCode(200);
        tdc.spec().get("/v1/measurements/" + MEASUREMENT).then().statusCode(200).body("status", equalTo("CERTIFIED"));
    }

    @Test
    @Order(2)
    void datasetsAreRegisteredAndSearchedPageByPage() {
        for (Member owner : List.of(icmr, cowin)) {
            Api.json(owner.spec(), World.datasetRequest(owner.id() + "-data", owner.id(), "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(owner.id() + "-data"));
        }
        Response first = tdc.spec().get("/v1/datasets?pageSize=1");
        first.then().statusCode(200).body("items", hasSize(1));
        String bookmark = first.path("bookmark");
        Response second = tdc.spec().queryParam("bookmark", bookmark).get("/v1/datasets?pageSize=1");
        second.then().statusCode(200).body("items", hasSize(1));
        assertThat((String) second.path("items[0].id")).isNotEqualTo(first.path("items[0].id"));
        tdc.spec()
                .get("/v1/datasets?ownerId=lc-cowin")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo("lc-cowin-data"));
        tdc.spec().get("/v1/datasets/lc-icmr-data").then().statusCode(200);
        tdc.spec().get("/v1/datasets/lc-icmr-data/budget").then().statusCode(200);
    }

    static ContractProposal proposal(String id, String epsilon, String validUntilDays) {
        ContractProposal p = World.proposal(id, tdc.id(), ccr.id(), List.of("lc-icmr-data", "lc-cowin-data"), epsilon);
        Instant now = Instant.now();
        return new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                now.minus(Duration.ofHours(1)).toString(),
                now.plus(Duration.ofDays(Long.parseLong(validUntilDays))).toString(),
                p.datasets(),
                p.allowedMeasurements(),
                p.payment(),
                p.revocation());
    }

    static void signAll(String contractId) {
        for (Member m : List.of(tdc, icmr, cowin, ccr)) {
            Response s = m.spec().get("/v1/contracts/" + contractId + "/signing-payload");
            s.then().statusCode(200);
            byte[] payload = Base64.getDecoder().decode(s.path("payloadBase64").toString());
            Api.json(m.spec(), new SignContractRequest(contractId, s.path("version"), m.id(), m.sign(payload)))
                    .post("/v1/contracts/" + contractId + "/signatures")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    @Order(3)
    void aContractIsProposedAmendedSignedAndActivated() {
        Api.json(tdc.spec(), proposal("lc-c1", "1", "30"))
                .post("/v1/contracts")
                .then()
                .statusCode(200);
        Api.json(tdc.spec(), proposal("lc-c1", "2", "30"))
                .put("/v1/contracts/lc-c1")
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        tdc.spec().get("/v1/contracts/lc-c1/versions/1").then().statusCode(200);
        signAll("lc-c1");
        tdc.spec().get("/v1/contracts/lc-c1/signatures").then().statusCode(200);
        Api.json(tdc.spec(), new ContractActionRequest("lc-c1", tdc.id(), null))
                .post("/v1/contracts/lc-c1/activate")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        auditor.spec().get("/v1/contracts/lc-c1").then().statusCode(200).body("status", equalTo("ACTIVE"));
        Response history = auditor.spec().get("/v1/contracts/lc-c1/history");
        history.then().statusCode(200);
        assertThat(history.jsonPath().getList("$")).hasSizeGreaterThanOrEqualTo(3);
        auditor.spec().get("/v1/history?objectType=contract&id=lc-c1").then().statusCode(200);
    }

    @Test
    @Order(4)
    void aRunReleasesKeysAndItsReceiptCreatesPayments() {
        Api.json(
                        ccr.spec(),
                        CleanRooms.start(
                                CleanRooms.chip("c1".repeat(64), "0300000000000873"),
                                "lc-run1",
                                "lc-c1",
                                ccr.id(),
                                MEASUREMENT,
                                RUN_KEY.publicKeyPem()))
                .post("/v1/runs")
                .then()
                .statusCode(200);
        for (Member tdp : List.of(icmr, cowin)) {
            Api.json(
                            tdp.spec(),
                            new KeyReleaseRequest(
                                    "lc-run1",
                                    tdp.id() + "-data",
                                    tdp.id(),
                                    MEASUREMENT,
                                    Hashes.sha256Hex("kr"),
                                    Hashes.sha256Hex("recipient"),
                                    "c1".repeat(64),
                                    "0300000000000873",
                                    Base64.getEncoder()
                                            .encodeToString(LocalSigner.fromPem(RUN_KEY.privateKeyPem())
                                                    .sign(SigningPayloads.keyRelease(
                                                            "lc-run1",
                                                            tdp.id() + "-data",
                                                            Hashes.sha256Hex("kr"),
                                                            Hashes.sha256Hex("recipient"))))))
                    .post("/v1/runs/lc-run1/key-releases")
                    .then()
                    .statusCode(200);
        }
        auditor.spec().get("/v1/runs/lc-run1/key-releases").then().statusCode(200);
        TreeMap<String, BigDecimal> metrics = new TreeMap<>();
        metrics.put("accuracy", new BigDecimal("0.7"));
        ReceiptBody body = new ReceiptBody(
                "lc-run1",
                "lc-c1",
                Hashes.sha256Hex("model"),
                List.of(
                        new ReceiptDataset(
                                "lc-cowin-data", Hashes.sha256Hex("lc-cowin-data-ciphertext"), BigDecimal.ONE),
                        new ReceiptDataset(
                                "lc-icmr-data", Hashes.sha256Hex("lc-icmr-data-ciphertext"), BigDecimal.ONE)),
                metrics,
                auditor.spec()
                        .get("/v1/runs/lc-run1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("reportSha256"));
        byte[] payload = SigningPayloads.receipt(new SigningPayloads.Domain("depa", "depa"), Requests.receipt(body));
        String signature = Base64.getEncoder()
                .encodeToString(LocalSigner.fromPem(RUN_KEY.privateKeyPem()).sign(payload));
        Api.json(ccr.spec(), new SubmitReceiptRequest(ccr.id(), body, signature))
                .post("/v1/runs/lc-run1/receipt")
                .then()
                .statusCode(200);
        auditor.spec().get("/v1/runs/lc-run1").then().statusCode(200).body("status", equalTo("COMPLETED"));
        auditor.spec().get("/v1/runs/lc-run1/receipt").then().statusCode(200);
        auditor.spec().get("/v1/contracts/lc-c1/runs").then().statusCode(200);
        Response payments = tdc.spec().get("/v1/contracts/lc-c1/payments");
        payments.then().statusCode(200);
        String paymentId = payments.path("[0].paymentId");
        tdc.spec().get("/v1/payments/" + paymentId).then().statusCode(200).body("status", equalTo("PENDING"));
        Api.json(tdc.spec(), new SettlePaymentRequest(paymentId, tdc.id(), 31337L, "0x" + "ab".repeat(32), 4L))
                .post("/v1/payments/" + paymentId + "/settle")
                .then()
                .statusCode(403);
        Api.json(relay.spec(), new SettlePaymentRequest(paymentId, relay.id(), 31337L, "0x" + "ab".repeat(32), 4L))
                .post("/v1/payments/" + paymentId + "/settle")
                .then()
                .statusCode(200)
                .body("status", equalTo("SETTLED"));
        tdc.spec().get("/v1/datasets/lc-icmr-data/budget").then().statusCode(200);
    }

    @Test
    @Order(5)
    void aPartyRevokesAndTheSroSuspends() {
        Api.json(tdc.spec(), proposal("lc-c2", "1", "30"))
                .post("/v1/contracts")
                .then()
                .statusCode(200);
        signAll("lc-c2");
        Api.json(icmr.spec(), new ContractActionRequest("lc-c2", icmr.id(), "changed our mind"))
                .post("/v1/contracts/lc-c2/revoke")
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));
        // Signing a revoked contract is an invalid transition: 409 with the ledger's code.
        Response s = tdc.spec().get("/v1/contracts/lc-c2/signing-payload");
        Api.json(tdc.spec(), new SignContractRequest("lc-c2", s.path("version"), tdc.id(), "AAAA"))
                .post("/v1/contracts/lc-c2/signatures")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    @Order(6)
    void eventsStreamAsServerSentEvents() {
        Response r = auditor.spec().accept("text/event-stream").get("/v1/events?from=1&limit=3");
        r.then().statusCode(200);
        String text = r.asString();
        assertThat(text.split("\nid:", -1).length + (text.startsWith("id:") ? 1 : 0) - 1)
                .as(text)
                .isGreaterThanOrEqualTo(2);
        assertThat(text).contains("event:").contains("\"txId\"");
    }

    @Test
    @Order(7)
    void theSroWithdrawsAMeasurementAndSuspendsAParticipant() {
        String other = "c".repeat(96);
        Api.json(Api.sro(), new CertifyMeasurementRequest(other, "other build", new Tcb(3, 0, 8, 115)))
                .post("/v1/measurements")
                .then()
                .statusCode(200);
        Api.json(Api.sro(), "{\"reason\":\"superseded\"}")
                .post("/v1/measurements/" + other + "/revoke")
                .then()
                .statusCode(200);
        Member late = Api.onboard("lc-late", Role.TDC, "ConsumerMSP");
        Api.json(Api.sro(), "{\"reason\":\"fraud\"}")
                .post("/v1/participants/lc-late/suspend")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUSPENDED"));
        late.spec().get("/v1/agreement").then().statusCode(403).body("code", equalTo("PARTICIPANT_SUSPENDED"));
    }
}
