package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.World;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The writes to one run, {@code /v1/runs/{id}/...}: the path names the run. A body may leave its
 * {@code runId} out (the path's is recorded), one naming another run is refused with 400 naming
 * both and nothing recorded, and the acting participant is checked first (403 naming the field):
 * for a TDP's key release, a TDC's spec-key release and the CCR provider's failure alike.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunWritesTest {
    static final String CHIP = "c3".repeat(64);
    static final String TCB = "0300000000000873";
    static final Credentials RUN_KEY = SelfSigned.credentials(
            SignatureAlgorithm.ECDSA_P384_SHA384,
            "rw-run-key",
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1)));

    static Member tdc;
    static Member tdp;
    static Member colleague;
    static Member ccr;

    @BeforeAll
    static void cast() {
        tdc = Api.onboard("rw-tdc", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("rw-tdp", Role.TDP, "ProviderMSP");
        colleague = Api.onboard("rw-tdp-colleague", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("rw-ccr", Role.CCR_PROVIDER, "CcrMSP");
        Api.ensureMeasurement(World.MEASUREMENT);
        // No model-spec commitment: such a contract runs without a job, which is all these writes need.
        JobFixture.activeContract("rw-c1", tdc, tdp, ccr, null);
        Response started = Api.json(
                        ccr.spec(),
                        CleanRooms.start(
                                CleanRooms.chip(CHIP, TCB),
                                "rw-run1",
                                "rw-c1",
                                ccr.id(),
                                World.MEASUREMENT,
                                RUN_KEY.publicKeyPem()))
                .post("/v1/runs");
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(200);
    }

    private static void refused(Response r, int status, String code, String mentions) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.jsonPath().getString("code")).as(r.asString()).isEqualTo(code);
        assertThat(r.jsonPath().getString("detail")).contains(mentions);
    }

    /** {@code tdp}'s key-release record for {@code bodyRunId} (null: left out), signed for rw-run1 by the run key. */
    private static KeyReleaseRequest keyRelease(String bodyRunId, String tdpId) {
        String dataset = tdp.id() + "-data";
        String report = Hashes.sha256Hex("rw-report");
        String recipient = Hashes.sha256Hex("rw-recipient");
        String signature = Base64.getEncoder()
                .encodeToString(LocalSigner.fromPem(RUN_KEY.privateKeyPem())
                        .sign(SigningPayloads.keyRelease("rw-run1", dataset, report, recipient)));
        return new KeyReleaseRequest(
                bodyRunId, dataset, tdpId, World.MEASUREMENT, report, recipient, CHIP, TCB, signature);
    }

    private static int keyReleases() {
        return Api.sro()
                .get("/v1/runs/rw-run1/key-releases")
                .jsonPath()
                .getList("$")
                .size();
    }

    @Test
    @Order(1)
    void aKeyReleaseForAnotherRunOrAnotherTdpIsRefusedAndNothingRecorded() {
        refused(
                Api.json(tdp.spec(), keyRelease("rw-other", tdp.id())).post("/v1/runs/rw-run1/key-releases"),
                400,
                "INVALID_PARAMETER",
                "field 'runId' is 'rw-other' but the path names 'rw-run1'");
        // The acting participant first: a colleague of the TDP's organisation, even naming the path's run.
        refused(
                Api.json(colleague.spec(), keyRelease("rw-run1", tdp.id())).post("/v1/runs/rw-run1/key-releases"),
                403,
                "NOT_YOUR_IDENTITY",
                "tdpId");
        assertThat(keyReleases()).isZero();
    }

    @Test
    @Order(2)
    void aKeyReleaseLeavingItsRunOutIsRecordedForThePathsRun() {
        Api.json(tdp.spec(), keyRelease(null, tdp.id()))
                .post("/v1/runs/rw-run1/key-releases")
                .then()
                .statusCode(200);
        Response releases = Api.sro().get("/v1/runs/rw-run1/key-releases");
        assertThat(releases.jsonPath().getList("runId")).containsExactly("rw-run1");
        assertThat(releases.jsonPath().getList("tdpId")).containsExactly(tdp.id());
    }

    @Test
    @Order(3)
    void aSpecKeyReleaseForAnotherRunOrAnotherTdcIsRefusedBeforeTheLedger() {
        SpecKeyReleaseRequest other = new SpecKeyReleaseRequest(
                "rw-other",
                "rw-job",
                tdc.id(),
                JobFixture.COMMITMENT,
                World.MEASUREMENT,
                Hashes.sha256Hex("r"),
                Hashes.sha256Hex("k"),
                CHIP,
                TCB,
                "c2ln");
        refused(
                Api.json(tdc.spec(), other).post("/v1/runs/rw-run1/spec-key-releases"),
                400,
                "INVALID_PARAMETER",
                "field 'runId' is 'rw-other' but the path names 'rw-run1'");
        refused(Api.json(tdp.spec(), other).post("/v1/runs/rw-run1/spec-key-releases"), 403, "WRONG_ROLE", "");
        assertThat(Api.sro()
                        .get("/v1/runs/rw-run1/spec-key-releases")
                        .jsonPath()
                        .getList("$"))
                .isEmpty();
    }

    @Test
    @Order(4)
    void aFailureNamingAnotherRunIsRefusedAndOneLeavingItOutFailsThePathsRun() {
        refused(
                Api.json(ccr.spec(), new FailRunRequest("rw-other", ccr.id(), "test"))
                        .post("/v1/runs/rw-run1/fail"),
                400,
                "INVALID_PARAMETER",
                "field 'runId' is 'rw-other' but the path names 'rw-run1'");
        refused(
                Api.json(ccr.spec(), new FailRunRequest(null, tdc.id(), "test")).post("/v1/runs/rw-run1/fail"),
                403,
                "NOT_YOUR_IDENTITY",
                "ccrProviderId");
        assertThat(Api.sro().get("/v1/runs/rw-run1").jsonPath().getString("status"))
                .isEqualTo("STARTED");
        Api.json(ccr.spec(), new FailRunRequest(null, ccr.id(), "the clean room's disk failed"))
                .post("/v1/runs/rw-run1/fail")
                .then()
                .statusCode(200);
        assertThat(Api.sro().get("/v1/runs/rw-run1").jsonPath().getString("status"))
                .isEqualTo("FAILED");
    }
}
