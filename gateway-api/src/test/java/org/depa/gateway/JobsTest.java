package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Training jobs through the gateway (issue 11, item 3): the TDC registers its output key, submits
 * a job over its committed ACTIVE contract, reads and lists it, follows its events and cancels it;
 * the CCR provider's transitions; and the refusals: another participant of the TDC's organisation
 * acting for it, the wrong role, another organisation, and malformed bodies naming the field.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsTest {
    static Member tdc;
    static Member colleague;
    static Member tdp;
    static Member ccr;
    static Member outsider;
    static final String SPEC_URI = "https://tdc.example/specs/jb-job1.sealed";

    @BeforeAll
    static void cast() {
        tdc = Api.onboard("jb-tdc", Role.TDC, "ConsumerMSP");
        colleague = Api.onboard("jb-tdc-colleague", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("jb-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("jb-ccr", Role.CCR_PROVIDER, "CcrMSP");
        outsider = OtherOrganisation.registerOutsider("jb-outsider");
        Api.ensureMeasurement(World.MEASUREMENT);
        JobFixture.activeContract("jb-c1", tdc, tdp, ccr, JobFixture.COMMITMENT);
    }

    private static void refused(Response r, int status, String code, String mentions) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (!code.isEmpty()) {
            assertThat(r.jsonPath().getString("code")).as(r.asString()).isEqualTo(code);
        }
        assertThat(r.jsonPath().getString("detail")).contains(mentions);
    }

    static SubmitJobRequest job(String jobId, String tdcId, String commitment) {
        return new SubmitJobRequest(jobId, tdcId, List.of("jb-c1"), commitment, SPEC_URI, "jb-key1");
    }

    @Test
    @Order(1)
    void theTdcRegistersItsOutputKeyAndOnlyItsOwn() {
        String pem = JobFixture.publicKeyPem("secp256r1");
        refused(
                Api.json(colleague.spec(), new RegisterOutputKeyRequest("jb-key1", tdc.id(), pem))
                        .post("/v1/output-keys"),
                403,
                "NOT_YOUR_IDENTITY",
                "tdcId");
        refused(
                Api.json(tdp.spec(), new RegisterOutputKeyRequest("jb-key1", tdp.id(), pem))
                        .post("/v1/output-keys"),
                403,
                "WRONG_ROLE",
                "");
        refused(
                Api.json(outsider.spec(), new RegisterOutputKeyRequest("jb-key1", outsider.id(), pem))
                        .post("/v1/output-keys"),
                403,
                "WRONG_ORGANISATION",
                "");
        Api.json(tdc.spec(), new RegisterOutputKeyRequest("jb-key1", tdc.id(), pem))
                .post("/v1/output-keys")
                .then()
                .statusCode(200)
                .body("curve", equalTo("P-256"));
        tdp.spec().get("/v1/output-keys/jb-key1").then().statusCode(200).body("tdcId", equalTo(tdc.id()));
        Api.sro().get("/v1/output-keys/jb-key1").then().statusCode(200);
    }

    @Test
    @Order(2)
    void aJobIsRefusedForAnyoneButTheContractsTdcAndForAnotherCommitment() {
        refused(
                Api.json(colleague.spec(), job("jb-job1", tdc.id(), JobFixture.COMMITMENT))
                        .post("/v1/jobs"),
                403,
                "NOT_YOUR_IDENTITY",
                "tdcId");
        // The colleague as itself: the ledger refuses it, it is not the contract's TDC.
        Response own = Api.json(colleague.spec(), job("jb-job1", colleague.id(), JobFixture.COMMITMENT))
                .post("/v1/jobs");
        assertThat(own.statusCode()).as(own.asString()).isEqualTo(403);
        assertThat(own.jsonPath().getString("code")).isEqualTo("NOT_A_PARTY");
        refused(
                Api.json(ccr.spec(), job("jb-job1", ccr.id(), JobFixture.COMMITMENT))
                        .post("/v1/jobs"),
                403,
                "WRONG_ROLE",
                "");
        refused(
                Api.json(outsider.spec(), job("jb-job1", outsider.id(), JobFixture.COMMITMENT))
                        .post("/v1/jobs"),
                403,
                "WRONG_ORGANISATION",
                "");
        Response swapped =
                Api.json(tdc.spec(), job("jb-job1", tdc.id(), "ab".repeat(32))).post("/v1/jobs");
        assertThat(swapped.statusCode()).as(swapped.asString()).isEqualTo(422);
        assertThat(swapped.jsonPath().getString("code")).isEqualTo("HASH_MISMATCH");
        // Nothing was left behind by any refusal.
        assertThat(tdc.spec().get("/v1/contracts/jb-c1/jobs").jsonPath().getList("$"))
                .isEmpty();
        assertThat(tdc.spec().get("/v1/jobs/jb-job1").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void theTdcSubmitsReadsListsFollowsAndCancelsItsJob() {
        Api.json(tdc.spec(), job("jb-job1", tdc.id(), JobFixture.COMMITMENT))
                .post("/v1/jobs")
                .then()
                .statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("ccrProviderId", equalTo(ccr.id()))
                .body("modelSpecCommitment", equalTo(JobFixture.COMMITMENT));
        tdp.spec().get("/v1/jobs/jb-job1").then().statusCode(200).body("tdcId", equalTo(tdc.id()));
        Response list = tdc.spec().get("/v1/contracts/jb-c1/jobs");
        list.then().statusCode(200);
        assertThat(list.jsonPath().getList("jobId")).containsExactly("jb-job1");
        assertThat(list.asString()).doesNotContain("dense");

        Response submitted = tdc.spec().accept("text/event-stream").get("/v1/jobs/jb-job1/events?limit=1");
        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(submitted.asString()).contains("event:JobSubmitted").contains("jb-job1");

        refused(
                Api.json(colleague.spec(), new JobActionRequest("jb-job1", tdc.id(), null))
                        .post("/v1/jobs/jb-job1/cancel"),
                403,
                "NOT_YOUR_IDENTITY",
                "participantId");
        Response colleagues = Api.json(colleague.spec(), new JobActionRequest("jb-job1", colleague.id(), null))
                .post("/v1/jobs/jb-job1/cancel");
        assertThat(colleagues.statusCode()).as(colleagues.asString()).isEqualTo(403);
        refused(
                Api.json(ccr.spec(), new JobActionRequest("jb-job1", ccr.id(), null))
                        .post("/v1/jobs/jb-job1/cancel"),
                403,
                "WRONG_ROLE",
                "");
        refused(
                Api.json(tdc.spec(), new JobActionRequest("jb-other", tdc.id(), null))
                        .post("/v1/jobs/jb-job1/cancel"),
                400,
                "INVALID_PARAMETER",
                "jobId");
        Api.json(tdc.spec(), new JobActionRequest(null, tdc.id(), "changed my mind"))
                .post("/v1/jobs/jb-job1/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"));
        Response again = Api.json(tdc.spec(), new JobActionRequest("jb-job1", tdc.id(), null))
                .post("/v1/jobs/jb-job1/cancel");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(409);

        // Without a limit the job's stream ends by itself after its final event.
        Response all = tdc.spec().accept("text/event-stream").get("/v1/jobs/jb-job1/events");
        assertThat(all.asString())
                .contains("event:JobSubmitted")
                .contains("event:JobCancelled")
                .doesNotContain("ContractActivated");
    }

    @Test
    @Order(4)
    void theCcrProviderSchedulesAndStartsAndThenTheTdcCannotCancel() {
        Api.json(tdc.spec(), job("jb-job2", tdc.id(), JobFixture.COMMITMENT))
                .post("/v1/jobs")
                .then()
                .statusCode(200);
        refused(
                Api.json(tdc.spec(), new JobActionRequest("jb-job2", tdc.id(), null))
                        .post("/v1/jobs/jb-job2/schedule"),
                403,
                "WRONG_ROLE",
                "");
        Api.json(ccr.spec(), new JobActionRequest("jb-job2", ccr.id(), null))
                .post("/v1/jobs/jb-job2/schedule")
                .then()
                .statusCode(200)
                .body("status", equalTo("SCHEDULED"));
        Api.json(ccr.spec(), new JobActionRequest("jb-job2", ccr.id(), null))
                .post("/v1/jobs/jb-job2/start")
                .then()
                .statusCode(200)
                .body("status", equalTo("RUNNING"));
        Response late = Api.json(tdc.spec(), new JobActionRequest("jb-job2", tdc.id(), null))
                .post("/v1/jobs/jb-job2/cancel");
        assertThat(late.statusCode()).as(late.asString()).isEqualTo(409);
        assertThat(late.jsonPath().getString("code")).isEqualTo("INVALID_STATE");
        Response early = Api.json(ccr.spec(), new CompleteJobRequest("jb-job2", ccr.id(), List.of("no-such-run")))
                .post("/v1/jobs/jb-job2/complete");
        assertThat(early.statusCode()).as(early.asString()).isBetween(400, 499);
        Api.json(ccr.spec(), new JobActionRequest("jb-job2", ccr.id(), "the clean room would not boot"))
                .post("/v1/jobs/jb-job2/fail")
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"));
        Response events = tdc.spec().accept("text/event-stream").get("/v1/jobs/jb-job2/events");
        assertThat(events.asString())
                .contains("event:JobScheduled", "event:JobRunning", "event:JobFailed")
                .doesNotContain("jb-job1");
    }

    @Nested
    class MalformedBodies {
        @Test
        void nameTheField() {
            refused(
                    Api.json(tdc.spec(), "{\"jobId\":\"j\",\"tdcId\":\"jb-tdc\",\"contractIds\":\"jb-c1\"}")
                            .post("/v1/jobs"),
                    400,
                    "MALFORMED_REQUEST",
                    "contractIds");
            refused(
                    Api.json(tdc.spec(), "{\"jobId\":\"j\",\"tdcId\":\"jb-tdc\",\"spec\":{}}")
                            .post("/v1/jobs"),
                    400,
                    "MALFORMED_REQUEST",
                    "spec");
            refused(
                    Api.json(tdc.spec(), "{\"jobId\":\"j\",\"participantId\":7}")
                            .post("/v1/jobs/j/cancel"),
                    400,
                    "MALFORMED_REQUEST",
                    "participantId");
            refused(
                    Api.json(tdc.spec(), new RegisterOutputKeyRequest("jb-bad", tdc.id(), "not a key"))
                            .post("/v1/output-keys"),
                    400,
                    "",
                    "publicKeyPem");
            Response badUri = Api.json(
                            tdc.spec(),
                            new SubmitJobRequest(
                                    "jb-bad",
                                    tdc.id(),
                                    List.of("jb-c1"),
                                    JobFixture.COMMITMENT,
                                    "https://user:secret@tdc.example/spec",
                                    "jb-key1"))
                    .post("/v1/jobs");
            assertThat(badUri.statusCode()).as(badUri.asString()).isEqualTo(400);
            assertThat(badUri.jsonPath().getString("detail")).contains("sealedSpecUri");
        }

        @Test
        void aBadEventsParameterIsNamed() {
            refused(tdc.spec().get("/v1/jobs/jb-job1/events?from=x"), 400, "INVALID_PARAMETER", "from");
            // An unknown job is 404 at once, not a stream waiting for events that never come.
            Response unknown = tdc.spec().accept("text/event-stream").get("/v1/jobs/jb-nope/events");
            assertThat(unknown.statusCode()).as(unknown.asString()).isEqualTo(404);
        }
    }
}
