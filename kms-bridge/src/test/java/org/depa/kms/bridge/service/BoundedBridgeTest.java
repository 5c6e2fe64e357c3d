package org.depa.kms.bridge.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.ledger.model.Json;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 at the Quarkus bridge: every answer is application/problem+json with a reason code (unknown path, other
 * method, body over the limit, URI over the limit, invalid UTF-8), and a caller's challenges are counted per run.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class BoundedBridgeTest extends BridgeTest {

    private static Problem problem(Response r, int status, RefusalCode code) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(KmsPaths.PROBLEM_JSON);
        Problem p = Json.read(r.asString(), Problem.class);
        assertThat(p.reasonCode()).isEqualTo(code);
        assertThat(p.status()).isEqualTo(status);
        return p;
    }

    @Test
    void anUnknownPathAndAnotherMethodAreProblems() {
        problem(given().post("/v1/key-release/other"), 404, RefusalCode.NOT_FOUND);
        problem(given().get("/nothing"), 404, RefusalCode.NOT_FOUND);
        problem(given().get(KmsPaths.CHALLENGE), 405, RefusalCode.METHOD_NOT_ALLOWED);
        problem(given().get(KmsPaths.RELEASE), 405, RefusalCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void aBodyOverTheLimitIs413ProblemJson() {
        Problem p = problem(
                given().contentType("application/json")
                        .body("x".repeat(300 * 1024))
                        .post(KmsPaths.RELEASE),
                413,
                RefusalCode.REQUEST_TOO_LARGE);
        assertThat(p.detail()).contains("262144");
    }

    /** Over plain HTTP there is no client certificate: a key import is refused before its body is read. */
    @Test
    void aKeyImportOverPlainHttpIsRefusedAndNothingStored() throws Exception {
        Response r = given().contentType("application/json")
                .body("{\"key\":\"depa-key v1 dataset\\nAAAA\\n\",\"sealedSpec\":\"AAAA\"}")
                .put("/v1/admin/keys/plain-http-key");
        assertThat(r.statusCode()).as(r.asString()).isIn(401, 403);
        assertThat(Json.read(r.asString(), Problem.class).reasonCode())
                .isIn(RefusalCode.ADMIN_NOT_CONFIGURED, RefusalCode.NO_CLIENT_CERTIFICATE);
        assertThat(org.depa.kms.bridge.TestWorld.KEYS.contains("plain-http-key"))
                .isFalse();
    }

    @Test
    void aUriOverTheLimitIs414ProblemJson() {
        problem(given().post(KmsPaths.RELEASE + "?x=" + "a".repeat(5_000)), 414, RefusalCode.REQUEST_TOO_LARGE);
    }

    @Test
    void invalidUtf8IsRefusedNamingTheEncodingNotReplaced() {
        String run = startedRun();
        long height = W.ledger.height();
        byte[] challenge = ("{\"runId\":\"" + run + "\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1);
        Problem c = problem(
                given().contentType("application/json").body(challenge).post(KmsPaths.CHALLENGE),
                400,
                RefusalCode.MALFORMED_REQUEST);
        assertThat(c.detail()).contains("UTF-8");
        Problem r = problem(
                given().contentType("application/json")
                        .body("{\"runId\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))
                        .post(KmsPaths.RELEASE),
                400,
                RefusalCode.MALFORMED_REQUEST);
        assertThat(r.detail()).contains("UTF-8");
        assertThat(W.ledger.height()).isEqualTo(height);
    }

    @Test
    void aCallersChallengesAreCountedPerRun() {
        String run = startedRun();
        for (int i = 0; i < 10; i++) {
            challenge(run);
        }

        Problem p = challengeRefused("{\"runId\":\"" + run + "\"}", 429, RefusalCode.CHALLENGE_CAPACITY);
        assertThat(p.detail()).contains("per-run quota");
        assertThat(challenge(startedRun()).nonceBytes())
                .as("another run still gets one")
                .hasSize(32);
    }
}
