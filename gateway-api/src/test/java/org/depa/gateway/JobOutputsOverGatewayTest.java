package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.depa.cli.api.ApiCommand;
import org.depa.cli.api.JobCommand;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.testing.World;
import org.depa.testkit.PemText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11: the TDC's view of its job through its own gateway, which fetches from the CCR
 * provider's operator: progress, the output manifest and each sealed file, for the job's TDC
 * alone (a colleague of its organisation, another TDC, a TDP, the CCR provider, an SRO operator
 * and a caller without certificate are refused); {@code depa job fetch} checking every file
 * against the manifest and the receipt, opening it with the output key and never overwriting;
 * {@code depa job wait} showing progress; and the operator down: 503 naming the CCR provider, exit 3.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobOutputsOverGatewayTest {
    static final byte[] MODEL = "the trained model's bytes".getBytes(StandardCharsets.UTF_8);
    static final byte[] REPORT = "the report's zip".getBytes(StandardCharsets.UTF_8);

    static Member tdc;
    static Member colleague;
    static Member otherTdc;
    static Member tdp;
    static Member ccr;
    static Member ccrDown;
    static JobOutputsWorld world;
    static Path dir;

    @BeforeAll
    static void cast() throws Exception {
        tdc = Api.onboard("jo-tdc", Role.TDC, "ConsumerMSP");
        colleague = Api.onboard("jo-tdc-colleague", Role.TDC, "ConsumerMSP");
        otherTdc = Api.onboard("jo-tdc-other", Role.TDC, "ProviderMSP");
        tdp = Api.onboard("jo-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("jo-ccr", Role.CCR_PROVIDER, "CcrMSP");
        ccrDown = Api.onboard("jo-ccr-down", Role.CCR_PROVIDER, "CcrMSP");
        Api.ensureMeasurement(World.MEASUREMENT);
        dir = Files.createTempDirectory("depa-jo-cli");
        world = new JobOutputsWorld();
        world.registerOutputKey(tdc, "jo-key");
        JobFixture.activeContract("jo-c1", tdc, tdp, ccr, JobFixture.COMMITMENT);
        JobOutputsWorld.runningJob("jo-job1", "jo-c1", tdc, ccr, "jo-key");
        world.progress("jo-job1", 3, 3);
        world.sealedOutput("jo-job1", "jo-run1", "jo-c1", MODEL, REPORT);
        JobOutputsWorld.completeJob("jo-job1", "jo-run1", "jo-c1", tdp, ccr, MODEL);
        world.startOperator();
    }

    @AfterAll
    static void stop() {
        world.stopOperator();
    }

    static final List<String> ROUTES = List.of(
            "/v1/jobs/jo-job1/progress", "/v1/jobs/jo-job1/outputs", "/v1/jobs/jo-job1/outputs/jo-run1.model.sealed");

    private static void refused(Response r, int status, String code) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).as(r.asString()).isEqualTo(code);
    }

    @Test
    @Order(1)
    void theJobsTdcReadsProgressManifestAndSealedFiles() {
        Response p = tdc.spec().get(ROUTES.get(0));
        assertThat(p.statusCode()).as(p.asString()).isEqualTo(200);
        assertThat(p.jsonPath().getInt("epoch")).isEqualTo(3);
        Response m = tdc.spec().get(ROUTES.get(1));
        assertThat(m.statusCode()).as(m.asString()).isEqualTo(200);
        assertThat(m.jsonPath().getList("files")).hasSize(2);
        Response f = tdc.spec().get(ROUTES.get(2));
        assertThat(f.statusCode()).isEqualTo(200);
        assertThat(Hashes.sha256Hex(f.asByteArray())).isEqualTo(m.jsonPath().getString("files[0].sha256"));
        assertThat(f.asString()).as("sealed, never the model in the clear").doesNotContain("trained model");
    }

    @Test
    @Order(2)
    void everyoneElseIsRefusedEachRoute() {
        for (String route : ROUTES) {
            refused(colleague.spec().get(route), 403, "NOT_A_PARTY");
            refused(otherTdc.spec().get(route), 403, "NOT_A_PARTY");
            refused(tdp.spec().get(route), 403, "WRONG_ROLE");
            refused(ccr.spec().get(route), 403, "WRONG_ROLE");
            refused(Api.sro().get(route), 403, "NOT_PERMITTED");
            refused(Api.anonymous().get(route), 401, "UNAUTHENTICATED");
        }
        refused(tdc.spec().get("/v1/jobs/jo-none/progress"), 404, "NOT_FOUND");
        refused(tdc.spec().get("/v1/jobs/jo-job1/outputs/clean-room.json"), 404, "NOT_FOUND");
    }

    @Test
    @Order(3)
    void fetchChecksOpensAndWritesTheOutputOnceAndPrintsTheMetrics() throws Exception {
        Path key = world.privateKeyFile(dir, world.outputKey, "output.key.pem");
        Path out = dir.resolve("out");
        Run r = depaJob(tdc, "fetch", "jo-job1", "--out", out.toString(), "--output-private-key", key.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out.resolve("jo-run1.model"))).isEqualTo(MODEL);
        assertThat(Files.readAllBytes(out.resolve("jo-run1.report.zip"))).isEqualTo(REPORT);
        assertThat(Json.tree(r.out()).at("/metrics/jo-run1/accuracy").asText()).isEqualTo("0.7");

        Files.writeString(out.resolve("jo-run1.report.zip"), "mine");
        Files.delete(out.resolve("jo-run1.model"));
        Run again = depaJob(tdc, "fetch", "jo-job1", "--out", out.toString(), "--output-private-key", key.toString());
        assertThat(again.exit()).isEqualTo(ApiCommand.USAGE);
        assertThat(again.err()).contains("jo-run1.report.zip exists").contains("never overwrites");
        assertThat(Files.readString(out.resolve("jo-run1.report.zip"))).isEqualTo("mine");
        assertThat(out.resolve("jo-run1.model")).as("nothing half-written").doesNotExist();
    }

    @Test
    @Order(4)
    void fetchRefusesAnotherKeyAColleagueAndAChangedFileWritingNothing() throws Exception {
        Path otherKey = world.privateKeyFile(dir, JobOutputsWorld.keyPair(), "other.key.pem");
        Path key = world.privateKeyFile(dir, world.outputKey, "output2.key.pem");
        Path out = dir.resolve("out-refused");
        Run wrongKey =
                depaJob(tdc, "fetch", "jo-job1", "--out", out.toString(), "--output-private-key", otherKey.toString());
        assertThat(wrongKey.exit()).isEqualTo(ApiCommand.REFUSED);
        assertThat(wrongKey.err()).contains("does not open");

        Run asColleague =
                depaJob(colleague, "fetch", "jo-job1", "--out", out.toString(), "--output-private-key", key.toString());
        assertThat(asColleague.exit()).isEqualTo(ApiCommand.REFUSED);
        assertThat(asColleague.err()).contains("NOT_A_PARTY");

        Path sealed = world.settings.workspace("jo-job1").resolve("output").resolve("jo-run1.model.sealed");
        byte[] original = Files.readAllBytes(sealed);
        byte[] changed = original.clone();
        changed[changed.length - 5] = (byte) (changed[changed.length - 5] == 'A' ? 'B' : 'A');
        Files.write(sealed, changed);
        try {
            Run corrupt =
                    depaJob(tdc, "fetch", "jo-job1", "--out", out.toString(), "--output-private-key", key.toString());
            assertThat(corrupt.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(corrupt.err()).contains("OUTPUT_CORRUPT");
        } finally {
            Files.write(sealed, original);
        }
        assertThat(out).as("nothing written by a refused fetch").doesNotExist();
    }

    @Test
    @Order(5)
    void theProvidersOperatorDownIsNamedAndExits3() throws Exception {
        Path key = world.privateKeyFile(dir, world.outputKey, "output3.key.pem");
        Path out = dir.resolve("out-down");
        world.stopOperator();
        try {
            Run r = depaJob(tdc, "fetch", "jo-job1", "--out", out.toString(), "--output-private-key", key.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(ApiCommand.UNREACHABLE);
            assertThat(r.err()).contains("JOB_OUTPUTS_UNAVAILABLE").contains("CCR provider 'jo-ccr'");
            assertThat(out).doesNotExist();
        } finally {
            world.startOperator();
        }
        JobFixture.activeContract("jo-c2", tdc, tdp, ccrDown, JobFixture.COMMITMENT);
        JobOutputsWorld.runningJob("jo-job2", "jo-c2", tdc, ccrDown, "jo-key");
        Response p = tdc.spec().get("/v1/jobs/jo-job2/progress");
        refused(p, 503, "JOB_OUTPUTS_UNAVAILABLE");
        assertThat(p.jsonPath().getString("detail")).contains("jo-ccr-down");
    }

    @Test
    @Order(6)
    void waitShowsEachEpochWhileTheJobRuns() throws Exception {
        JobFixture.activeContract("jo-c3", tdc, tdp, ccr, JobFixture.COMMITMENT);
        JobOutputsWorld.runningJob("jo-job3", "jo-c3", tdc, ccr, "jo-key");
        world.progress("jo-job3", 1, 4);
        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> depaJob(tdc, "wait", "jo-job3"));
        Thread.sleep(2500);
        world.progress("jo-job3", 2, 4);
        Thread.sleep(2500);
        Api.json(ccr.spec(), new JobActionRequest("jo-job3", ccr.id(), "clean room lost"))
                .post("/v1/jobs/jo-job3/fail")
                .then()
                .statusCode(200);
        Run r = waiting.get(60, TimeUnit.SECONDS);
        assertThat(r.exit()).isEqualTo(ApiCommand.REFUSED);
        assertThat(r.err())
                .contains("job jo-job3: RUNNING")
                .contains("job jo-job3: epoch 1/4, loss 0.9000, epsilon spent 0.3000")
                .contains("job jo-job3: epoch 2/4, loss 0.4500, epsilon spent 0.6000")
                .contains("job jo-job3: FAILED (clean room lost)");
        assertThat(Stream.of(r.err().split("\n")).filter(l -> l.contains("epoch 1/4")))
                .as("one line per epoch when not on a terminal")
                .hasSize(1);
    }

    @Test
    @Order(7)
    void fetchOverTwoContractsChecksEveryReceiptAndRefusesASubstitutedModelNamingTheCheck() throws Exception {
        // A job over two 2-party contracts with different TDPs: one run and one receipt per contract.
        Member tdp2 = Api.onboard("jo-tdp2", Role.TDP, "ProviderMSP");
        JobFixture.activeContract("jo-c4", tdc, tdp, ccr, JobFixture.COMMITMENT);
        JobFixture.activeContract("jo-c5", tdc, tdp2, ccr, JobFixture.COMMITMENT);
        JobOutputsWorld.runningJob("jo-job4", List.of("jo-c4", "jo-c5"), tdc, ccr, "jo-key");
        JobOutputsWorld.completedRun("jo-job4", "jo-job4-c4", "jo-c4", tdp, ccr, MODEL);
        JobOutputsWorld.completedRun("jo-job4", "jo-job4-c5", "jo-c5", tdp2, ccr, MODEL);
        JobOutputsWorld.complete("jo-job4", ccr, List.of("jo-job4-c4", "jo-job4-c5"));
        world.sealedOutput(
                "jo-job4",
                List.of(
                        new JobOutputsWorld.RunOutput("jo-job4-c4", "jo-c4", MODEL, REPORT),
                        new JobOutputsWorld.RunOutput("jo-job4-c5", "jo-c5", MODEL, REPORT)));
        Path key = world.privateKeyFile(dir, world.outputKey, "output4.key.pem");

        // The operator (or anyone holding the TDC's PUBLIC key) substitutes c5's model with another one sealed
        // to the TDC's key and lists its hash in the manifest: every transport check passes, the receipt does not.
        Path output = world.settings.workspace("jo-job4").resolve("output");
        Path manifest = output.resolve("outputs.json");
        String honest = Files.readString(manifest);
        Path c5Model = output.resolve("jo-job4-c5.model.sealed");
        byte[] honestModel = Files.readAllBytes(c5Model);
        String forged =
                world.sealAs(c5Model, "another model".getBytes(StandardCharsets.UTF_8), "jo-job4-c5", "jo-c5", "model");
        Files.writeString(manifest, honest.replace(Hashes.sha256Hex(honestModel), forged));
        Path refusedOut = dir.resolve("out-two-refused");
        Run substituted = depaJob(
                tdc, "fetch", "jo-job4", "--out", refusedOut.toString(), "--output-private-key", key.toString());
        assertThat(substituted.exit()).as(substituted.err()).isEqualTo(ApiCommand.REFUSED);
        assertThat(substituted.err())
                .contains("jo-job4-c5.model.sealed: the model's SHA-256")
                .contains("is not the one the receipt of run jo-job4-c5 names")
                .contains("nothing written");
        assertThat(refusedOut).as("c4's good files are not written either").doesNotExist();

        // c4's sealed model listed as c5's: its authenticated labels name run c4 of contract jo-c4.
        Files.copy(output.resolve("jo-job4-c4.model.sealed"), c5Model, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(
                manifest,
                honest.replace(
                        Hashes.sha256Hex(honestModel),
                        Hashes.sha256Hex(Files.readAllBytes(output.resolve("jo-job4-c4.model.sealed")))));
        Run relabelled = depaJob(
                tdc, "fetch", "jo-job4", "--out", refusedOut.toString(), "--output-private-key", key.toString());
        assertThat(relabelled.exit()).as(relabelled.err()).isEqualTo(ApiCommand.REFUSED);
        assertThat(relabelled.err())
                .contains("jo-job4-c5.model.sealed was sealed for job jo-job4, run jo-job4-c4 of contract jo-c4")
                .contains("but the manifest says job jo-job4, run jo-job4-c5 of contract jo-c5");
        assertThat(refusedOut).doesNotExist();

        // Honest output: both runs' files checked against their own receipts, opened, written; both metrics shown.
        Files.write(c5Model, honestModel);
        Files.writeString(manifest, honest);
        Path out = dir.resolve("out-two");
        Run r = depaJob(tdc, "fetch", "jo-job4", "--out", out.toString(), "--output-private-key", key.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String run : List.of("jo-job4-c4", "jo-job4-c5")) {
            assertThat(Files.readAllBytes(out.resolve(run + ".model"))).isEqualTo(MODEL);
            assertThat(Files.readAllBytes(out.resolve(run + ".report.zip"))).isEqualTo(REPORT);
            assertThat(Json.tree(r.out()).at("/metrics/" + run + "/accuracy").asText())
                    .isEqualTo("0.7");
        }
        assertThat(r.err())
                .contains("checked jo-job4-c4.model.sealed (model of run jo-job4-c4, contract jo-c4)")
                .contains("checked jo-job4-c5.model.sealed (model of run jo-job4-c5, contract jo-c5)");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).hasSize(4);
        }
    }

    record Run(int exit, String out, String err) {}

    static Run depaJob(Member who, String... args) {
        Path cert = Api.pki().resolve(who.id() + "-cert.pem");
        Path key = Api.pki().resolve(who.id() + "-key.pem");
        PemText.write(cert, who.credentials().certificatePem());
        PemText.writeSecret(key, who.credentials().privateKeyPem());
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
}
