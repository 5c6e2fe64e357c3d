package org.depa.kms.bridge.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.depa.kms.bridge.EmulatedCcr;
import org.depa.kms.bridge.TestWorld;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.KmsPaths;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;

/** What the bridge tests share: the world, calls to the real endpoints, and the refusal assertion. */
abstract class BridgeTest {
    static final Scenario S = TestWorld.SCENARIO;
    static final World W = S.w;
    static final AuditCapture AUDIT = AuditCapture.install();

    /** An active contract over icmr-data allowing {@link World#MEASUREMENT}, with a started run; the run id. */
    static String startedRun() {
        String contractId = TestWorld.next("c");
        S.active(contractId, "0.1");
        String runId = TestWorld.next("r");
        S.startRun(contractId, runId);
        return runId;
    }

    /** An active contract over icmr-data allowing {@code measurements}, with a run started on {@code runMeasurement}. */
    static String startedRun(List<String> measurements, String runMeasurement) {
        String contractId = TestWorld.next("c");
        ContractProposal p = S.proposal(contractId, "0.1");
        S.propose(new ContractProposal(
                p.contractId(),
                p.tdcId(),
                p.ccrProviderId(),
                p.purpose(),
                p.validFrom(),
                p.validUntil(),
                p.datasets(),
                measurements,
                p.payment(),
                p.revocation()));
        S.signAll(contractId);
        W.activate(S.tdc, contractId);
        String runId = TestWorld.next("r");
        S.ccr.ledger()
                .submit(
                        Runs.START,
                        CleanRooms.start(
                                CleanRooms.chip(
                                        EmulatedCcr.chipIdHex(EmulatedCcr.CHIP), EmulatedCcr.tcbHex(EmulatedCcr.CHIP)),
                                runId,
                                contractId,
                                S.ccr.id(),
                                runMeasurement,
                                S.runKey(runId).publicKeyPem()));
        return runId;
    }

    static String randomMeasurement() {
        return HexFormat.of().formatHex(TestWorld.random32())
                + HexFormat.of().formatHex(TestWorld.random32()).substring(0, 32);
    }

    static Challenge challenge(String runId) {
        String body = given().contentType("application/json")
                .body("{\"runId\":\"" + runId + "\"}")
                .post(KmsPaths.CHALLENGE)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return Json.read(body, Challenge.class);
    }

    /** Asserts that a challenge with {@code body} is refused: a problem document, nothing committed, an audit line. */
    static Problem challengeRefused(String body, int status, RefusalCode code) {
        long height = W.ledger.height();
        int auditBefore = AUDIT.lines().size();

        Response r = given().contentType("application/json").body(body).post(KmsPaths.CHALLENGE);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(KmsPaths.PROBLEM_JSON);
        Problem p = Json.read(r.asString(), Problem.class);
        assertThat(p.reasonCode()).isEqualTo(code);
        assertThat(W.ledger.height()).isEqualTo(height);
        List<String> audit = AUDIT.lines().subList(auditBefore, AUDIT.lines().size());
        assertThat(audit).anyMatch(l -> l.contains("outcome=REFUSED") && l.contains("reason=" + code.name()));
        return p;
    }

    static Response post(String body) {
        return given().contentType("application/json").body(body).post(KmsPaths.RELEASE);
    }

    static Response post(ReleaseRequest r) {
        return post(Json.canonicalString(r));
    }

    /**
     * Asserts that {@code body} is refused with {@code status} and {@code code}: a problem document, no key, nothing
     * committed, and an audit line naming the reason. Returns the problem for further checks.
     */
    static Problem refused(String body, int status, RefusalCode code) {
        long height = W.ledger.height();
        int auditBefore = AUDIT.lines().size();

        Response r = post(body);

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(KmsPaths.PROBLEM_JSON);
        assertThat(r.asString()).doesNotContain("jwe");
        Problem p = Json.read(r.asString(), Problem.class);
        assertThat(p.reasonCode()).isEqualTo(code);
        assertThat(p.status()).isEqualTo(status);
        assertThat(W.ledger.height()).as("a refusal commits nothing").isEqualTo(height);
        List<String> audit = AUDIT.lines().subList(auditBefore, AUDIT.lines().size());
        assertThat(audit).anyMatch(l -> l.contains("outcome=REFUSED") && l.contains("reason=" + code.name()));
        return p;
    }

    static Problem refused(ReleaseRequest request, int status, RefusalCode code) {
        return refused(Json.canonicalString(request), status, code);
    }

    static Role tdpRole() {
        return Role.TDP;
    }

    /** Collects the audit logger's lines. */
    static final class AuditCapture extends Handler {
        private final List<String> lines = new ArrayList<>();

        static AuditCapture install() {
            AuditCapture c = new AuditCapture();
            Logger.getLogger("depa.kms.audit").addHandler(c);
            return c;
        }

        synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
