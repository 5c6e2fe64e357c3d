package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.stream.Stream;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed bodies and refused requests: problem+json with the right status, code and field. */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class MalformedRequestTest {
    static Member tdc;
    static Member tdp;
    static Member ccr;

    @BeforeAll
    static void cast() {
        tdc = Api.onboard("mr-tdc", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("mr-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("mr-ccr", Role.CCR_PROVIDER, "CcrMSP");
    }

    static Problem problem(Response r) {
        assertThat(r.contentType()).as(r.asString()).startsWith("application/problem+json");
        return new Problem(
                r.statusCode(), r.jsonPath().getString("code"), r.jsonPath().getString("detail"));
    }

    record Problem(int status, String code, String detail) {}

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"contractId\": ", "malformed JSON"),
                Arguments.of("unknown field", "{\"contractId\":\"c\",\"tdcId\":\"mr-tdc\",\"extra\":1}", "extra"),
                Arguments.of("wrong type", "{\"contractId\":5,\"tdcId\":\"mr-tdc\"}", "contractId"),
                Arguments.of("array for object", "[1,2]", "malformed"),
                Arguments.of("empty body", "", "empty"),
                Arguments.of("null", "null", ""));
    }

    @Nested
    class Bodies {
        @ParameterizedTest(name = "{0}")
        @MethodSource("org.depa.gateway.MalformedRequestTest#badBodies")
        void areRefusedWith400NamingTheField(String name, String body, String mentions) {
            Problem p = problem(Api.json(tdc.spec(), body).post("/v1/contracts"));
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("MALFORMED_REQUEST");
            assertThat(p.detail()).containsIgnoringCase(mentions);
        }

        @Test
        void anOversizedBodyIsRefusedBeforeParsing() {
            String big = "{\"contractId\":\"" + "a".repeat(400 * 1024) + "\"}";
            Response r = Api.json(tdc.spec(), big).post("/v1/contracts");
            assertThat(r.statusCode()).isEqualTo(413);
        }

        @Test
        void aBodyJustUnderTheHttpLimitButOverTheLedgerLimitIs400() {
            String big = "{\"contractId\":\"" + "a".repeat(270 * 1024) + "\"}";
            Problem p = problem(Api.json(tdc.spec(), big).post("/v1/contracts"));
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.detail()).contains("larger than");
        }

        @Test
        void aWrongMediaTypeIs415() {
            Problem p = problem(tdc.spec().contentType("text/plain").body("x").post("/v1/contracts"));
            assertThat(p.status()).isEqualTo(415);
            assertThat(p.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }

        @Test
        void aPathAndBodyThatDisagreeAre400() {
            Problem p = problem(Api.json(tdc.spec(), "{\"contractId\":\"other\",\"participantId\":\"mr-tdc\"}")
                    .post("/v1/contracts/mine/activate"));
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("INVALID_PARAMETER");
            assertThat(p.detail()).contains("contractId");
        }

        @Test
        void aBadPageSizeIs400() {
            Problem p = problem(tdc.spec().get("/v1/datasets?pageSize=0"));
            assertThat(p.status()).isEqualTo(400);
        }
    }

    @Nested
    class LedgerRefusals {
        @Test
        void anUnknownObjectIs404() {
            Problem p = problem(tdc.spec().get("/v1/contracts/no-such-contract"));
            assertThat(p.status()).isEqualTo(404);
            assertThat(p.code()).isEqualTo("NOT_FOUND");
        }

        @Test
        void anUnknownRouteIs404() {
            Problem p = problem(tdc.spec().get("/v1/nothing-here"));
            assertThat(p.status()).isEqualTo(404);
            assertThat(p.code()).isEqualTo("ROUTE_NOT_FOUND");
        }

        @Test
        void aRuleViolationIs422() {
            // Epsilon 50 is above the dataset's per-contract limit.
            Api.json(tdp.spec(), org.depa.ledger.testing.World.datasetRequest("mr-data", "mr-tdp", "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200);
            var proposal = LifecycleTestProposals.proposal("mr-c1", "mr-tdc", "mr-ccr", "mr-data", "50");
            Problem p = problem(Api.json(tdc.spec(), proposal).post("/v1/contracts"));
            assertThat(p.status()).as(p.toString()).isEqualTo(422);
            assertThat(p.code()).isEqualTo("EPSILON_ABOVE_DATASET_LIMIT");
            Problem none = problem(tdc.spec().get("/v1/contracts/mr-c1"));
            assertThat(none.status()).as("a refused proposal leaves no trace").isEqualTo(404);
        }

        @Test
        void aConflictIs409AndCommitsNothing() {
            Api.json(tdp.spec(), org.depa.ledger.testing.World.datasetRequest("mr-dup", "mr-tdp", "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200);
            Problem p =
                    problem(Api.json(tdp.spec(), org.depa.ledger.testing.World.datasetRequest("mr-dup", "mr-tdp", "10"))
                            .post("/v1/datasets"));
            assertThat(p.status()).isEqualTo(409);
            assertThat(p.code()).isEqualTo("ALREADY_EXISTS");
        }
    }
}
