package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.depa.cli.api.ApiCommand;
import org.depa.cli.api.JobCommand;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.testing.World;
import org.depa.testkit.PemText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code depa job} against the running gateway, as a TDC runs it: commit to a spec (the salt file
 * next to it), the parties sign a contract carrying that commitment, register the output key,
 * submit, status, list, wait while the job is cancelled, and {@code submit --wait} while the CCR
 * provider schedules, starts and fails it. The ledger never sees the spec.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class JobCliOverGatewayTest {
    static final String SPEC =
            "{\"features\":[{\"column\":\"age\",\"encoding\":\"numeric\",\"center\":50,\"scale\":20}],"
                    + "\"label\":{\"column\":\"result\",\"positive\":\"1\"},\"hiddenLayers\":[8],\"activation\":\"relu\","
                    + "\"optimizer\":{\"name\":\"adam\",\"learningRate\":\"0.0271828\"},\"batchSize\":64,\"epochs\":2,"
                    + "\"split\":{\"validation\":\"0.2\",\"test\":\"0.1\"},\"seed\":42}";
    /** A value only the spec holds: it must never reach the ledger. */
    static final String SPEC_MARKER = "0.0271828";

    static Member tdc;
    static Member tdp;
    static Member ccr;
    static Path dir;

    @BeforeAll
    static void cast() throws Exception {
        tdc = Api.onboard("jc-tdc", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("jc-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("jc-ccr", Role.CCR_PROVIDER, "CcrMSP");
        Api.ensureMeasurement(World.MEASUREMENT);
        registerDatasetWithColumns(tdp, "jc-tdp-data", "mobile", "age", "result");
        dir = Files.createTempDirectory(Api.pki(), "jc-");
    }

    /** A dataset of {@code owner} whose registered schema has these columns (the validator checks a spec against them). */
    static void registerDatasetWithColumns(Member owner, String datasetId, String... columns) {
        if (owner.spec().get("/v1/datasets/" + datasetId).statusCode() == 200) {
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode d = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.tree(Json.canonicalString(World.datasetRequest(datasetId, owner.id(), "10")));
        com.fasterxml.jackson.databind.node.ArrayNode schema = d.putArray("schema");
        for (String c : columns) {
            schema.addObject().put("name", c).put("type", c.equals("mobile") ? "string" : "int");
        }
        Api.json(owner.spec(), d.toString()).post("/v1/datasets").then().statusCode(200);
    }

    record Run(int exit, String out, String err) {}

    static Run depaJob(String... args) {
        Path cert = Api.pki().resolve(tdc.id() + "-cert.pem");
        Path key = Api.pki().resolve(tdc.id() + "-key.pem");
        PemText.write(cert, tdc.credentials().certificatePem());
        PemText.writeSecret(key, tdc.credentials().privateKeyPem());
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--gateway",
                Api.base(),
                "--ca",
                Api.pki().resolve("ca.pem").toString(),
                "--cert",
                cert.toString(),
                "--key",
                key.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobCommand.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aTdcCommitsSubmitsFollowsAndCancelsThroughItsGateway() throws Exception {
        Path spec = Files.writeString(dir.resolve("model.json"), SPEC);
        Run commit = depaJob("commit", "--spec", spec.toString());
        assertThat(commit.exit()).as(commit.err()).isZero();
        String commitment = Json.tree(commit.out()).get("modelSpecCommitment").asText();
        JobFixture.activeContract("jc-c1", tdc, tdp, ccr, commitment);

        Path pem = Files.writeString(dir.resolve("output.pub.pem"), JobFixture.publicKeyPem("secp384r1"));
        Run key = depaJob("register-key", "--key-id", "jc-key", "--public-key", pem.toString(), "--json");
        assertThat(key.exit()).as(key.err()).isZero();
        assertThat(Json.tree(key.out()).get("curve").asText()).isEqualTo("P-384");

        Run submitted = depaJob(
                "submit",
                "--id",
                "jc-job1",
                "--contract",
                "jc-c1",
                "--spec",
                spec.toString(),
                "--spec-uri",
                "https://tdc.example/jc-job1.sealed",
                "--output-key",
                "jc-key",
                "--json");
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        assertThat(Json.tree(submitted.out()).get("status").asText()).isEqualTo("SUBMITTED");
        assertThat(Json.tree(submitted.out()).get("modelSpecCommitment").asText())
                .isEqualTo(commitment);

        Run status = depaJob("status", "jc-job1", "--json");
        assertThat(Json.tree(status.out()).get("tdcId").asText()).isEqualTo("jc-tdc");
        Run list = depaJob("list", "--contract", "jc-c1", "--json");
        assertThat(Json.tree(list.out()).get(0).get("jobId").asText()).isEqualTo("jc-job1");

        // Another job on a held contract is refused by the ledger: exit 1 with its code.
        Run second = depaJob(
                "submit",
                "--id",
                "jc-job1b",
                "--contract",
                "jc-c1",
                "--spec",
                spec.toString(),
                "--spec-uri",
                "https://tdc.example/x",
                "--output-key",
                "jc-key");
        assertThat(second.exit()).isEqualTo(ApiCommand.REFUSED);
        assertThat(second.err()).contains("CONTRACT_IN_USE");

        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> depaJob("wait", "jc-job1"));
        Thread.sleep(1500);
        assertThat(waiting).isNotDone();
        Run cancel = depaJob("cancel", "jc-job1", "--reason", "more data coming");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        Run waited = waiting.get(60, TimeUnit.SECONDS);
        assertThat(waited.exit()).isEqualTo(ApiCommand.REFUSED);
        assertThat(waited.err())
                .contains("job jc-job1: SUBMITTED")
                .contains("job jc-job1: CANCELLED (more data coming)");
        assertThat(Json.tree(waited.out()).get("status").asText()).isEqualTo("CANCELLED");

        // The spec was never sent: nothing on the ledger holds it.
        assertThat(Api.sro().get("/v1/jobs/jc-job1").asString()).doesNotContain(SPEC_MARKER);
        assertThat(Api.sro().get("/v1/contracts/jc-c1").asString()).doesNotContain(SPEC_MARKER);
    }

    @Test
    void submitRunsTheCleanRoomsValidatorAgainstTheContractFirst() throws Exception {
        Path spec = Files.writeString(
                dir.resolve("unknown-column.json"), SPEC.replace("\"column\":\"age\"", "\"column\":\"weight\""));
        Run commit = depaJob("commit", "--spec", spec.toString());
        assertThat(commit.exit()).as(commit.err()).isZero();
        JobFixture.activeContract(
                "jc-c3",
                tdc,
                tdp,
                ccr,
                Json.tree(commit.out()).get("modelSpecCommitment").asText());
        Path pem = Files.writeString(dir.resolve("output3.pub.pem"), JobFixture.publicKeyPem("secp256r1"));
        assertThat(depaJob("register-key", "--key-id", "jc-key3", "--public-key", pem.toString())
                        .exit())
                .isZero();
        Run r = depaJob(
                "submit",
                "--id",
                "jc-job3",
                "--contract",
                "jc-c3",
                "--spec",
                spec.toString(),
                "--spec-uri",
                "file:/sealed/jc-job3",
                "--output-key",
                "jc-key3");
        assertThat(r.exit()).as(r.err()).isEqualTo(ApiCommand.USAGE);
        assertThat(r.err()).contains("features[0].column").contains("weight").contains("nothing submitted");
        assertThat(tdc.spec().get("/v1/jobs/jc-job3").statusCode()).isEqualTo(404);
    }

    @Test
    void submitWaitFollowsTheCcrProviderToTheEnd() throws Exception {
        Path spec = Files.writeString(dir.resolve("model2.json"), SPEC);
        Path salt = dir.resolve("kept.salt");
        Run commit = depaJob("commit", "--spec", spec.toString(), "--salt-file", salt.toString());
        assertThat(commit.exit()).as(commit.err()).isZero();
        JobFixture.activeContract(
                "jc-c2",
                tdc,
                tdp,
                ccr,
                Json.tree(commit.out()).get("modelSpecCommitment").asText());
        if (tdc.spec().get("/v1/output-keys/jc-key2").statusCode() != 200) {
            Path pem = Files.writeString(dir.resolve("output2.pub.pem"), JobFixture.publicKeyPem("secp256r1"));
            assertThat(depaJob("register-key", "--key-id", "jc-key2", "--public-key", pem.toString())
                            .exit())
                    .isZero();
        }
        CompletableFuture<Run> submitting = CompletableFuture.supplyAsync(() -> depaJob(
                "submit",
                "--id",
                "jc-job2",
                "--contract",
                "jc-c2",
                "--spec",
                spec.toString(),
                "--salt-file",
                salt.toString(),
                "--spec-uri",
                "file:/sealed/jc-job2",
                "--output-key",
                "jc-key2",
                "--wait"));
        for (int i = 0; i < 100 && tdc.spec().get("/v1/jobs/jc-job2").statusCode() != 200; i++) {
            Thread.sleep(200);
        }
        for (String step : List.of("schedule", "start")) {
            Api.json(ccr.spec(), new JobActionRequest("jc-job2", ccr.id(), null))
                    .post("/v1/jobs/jc-job2/" + step)
                    .then()
                    .statusCode(200);
            Thread.sleep(300);
        }
        Api.json(ccr.spec(), new JobActionRequest("jc-job2", ccr.id(), "clean room lost"))
                .post("/v1/jobs/jc-job2/fail")
                .then()
                .statusCode(200);
        Run r = submitting.get(60, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isEqualTo(ApiCommand.REFUSED);
        assertThat(r.err())
                .contains("job jc-job2: FAILED (clean room lost)")
                .contains("refused: job jc-job2 is FAILED");
        assertThat(r.out()).contains("SUBMITTED").contains("FAILED");
    }
}
