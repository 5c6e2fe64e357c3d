package org.depa.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depa job}: the spec's commitment and its salt file on the TDC's machine, what is (and is
 * never) sent, refusals before anything is sent, and exit codes, against {@link RecordingGateway}.
 * The commands against a real gateway are tested in gateway-api ({@code JobCliOverGatewayTest}).
 */
class JobCommandTest {
    static final String SPEC =
            "{\"features\":[{\"column\":\"age\",\"encoding\":\"numeric\",\"center\":50,\"scale\":20}],"
                    + "\"label\":{\"column\":\"result\",\"positive\":\"1\"},\"hiddenLayers\":[8],\"activation\":\"relu\","
                    + "\"optimizer\":{\"name\":\"adam\",\"learningRate\":\"0.02\"},\"batchSize\":64,\"epochs\":2,"
                    + "\"split\":{\"validation\":\"0.2\",\"test\":\"0.1\"},\"seed\":42}";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run job(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path spec() throws Exception {
        return Files.writeString(dir.resolve("model.json"), SPEC);
    }

    @Nested
    class Commit {
        @Test
        void writesTheSaltNextToTheSpecOnceAndCommitsWithIt() throws Exception {
            Path spec = spec();
            Run first = job("commit", "--spec", spec.toString());
            assertThat(first.exit()).as(first.err()).isZero();
            Path salt = dir.resolve("model.json.salt");
            assertThat(first.err()).contains("wrote a new salt to " + salt).contains("keep it with model.json");
            assertThat(Files.getPosixFilePermissions(salt)).isEqualTo(PosixFilePermissions.fromString("r--------"));
            byte[] saltBytes = JobSpec.readSalt(salt);
            String commitment =
                    Json.tree(first.out()).get("modelSpecCommitment").asText();
            assertThat(commitment).isEqualTo(ModelSpecCommitments.commit(saltBytes, SPEC));
            assertThat(first.out()).doesNotContain("dense");

            String before = Files.readString(salt);
            Run again = job("commit", "--spec", spec.toString());
            assertThat(again.exit()).isZero();
            assertThat(again.err()).contains("using the salt in " + salt);
            assertThat(Json.tree(again.out()).get("modelSpecCommitment").asText())
                    .isEqualTo(commitment);
            assertThat(Files.readString(salt)).isEqualTo(before);
        }

        @Test
        void neverWritesOverAFileThatIsNoSalt() throws Exception {
            Path spec = spec();
            Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
            Run r = job("commit", "--spec", spec.toString(), "--salt-file", notes.toString());
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains("--salt-file").contains("not a salt file");
            assertThat(Files.readString(notes)).isEqualTo("my notes\n");
        }

        @Test
        void aSpecThatIsNotOneJsonObjectIsAUsageErrorNamingIt() throws Exception {
            for (String bad : List.of("[1,2]", "{\"a\":1,\"a\":2}", "{\"a\":1} trailing", "")) {
                Path spec = Files.writeString(dir.resolve("bad.json"), bad);
                Run r = job("commit", "--spec", spec.toString());
                assertThat(r.exit()).as(bad).isEqualTo(ApiCommand.USAGE);
                assertThat(r.err()).as(bad).contains("--spec " + spec);
                assertThat(Files.exists(dir.resolve("bad.json.salt"))).isFalse();
            }
            // Not a model spec the clean room would accept: refused before any commitment, naming the field.
            Path layer = Files.writeString(dir.resolve("layer.json"), SPEC.replace("\"relu\"", "\"swish-9\""));
            Run unsupported = job("commit", "--spec", layer.toString());
            assertThat(unsupported.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(unsupported.err()).contains("--spec " + layer).contains("activation");
            assertThat(Files.exists(dir.resolve("layer.json.salt"))).isFalse();
            Path big = dir.resolve("big.json");
            Files.writeString(big, "{\"w\":\"" + "x".repeat(ModelSpecCommitments.MAX_SPEC_CHARS) + "\"}");
            Run r = job("commit", "--spec", big.toString());
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains("larger than");
            Run missing = job("commit", "--spec", dir.resolve("nope.json").toString());
            assertThat(missing.err()).contains("--spec").contains("does not exist");
        }
    }

    @Nested
    class AgainstTheGateway {
        RecordingGateway gateway;
        Path certificate;
        Path key;

        @BeforeEach
        void start() throws Exception {
            gateway = new RecordingGateway();
            Instant now = Instant.now();
            Credentials me = SelfSigned.credentials(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "tdc1",
                    now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(1)));
            certificate = Files.writeString(dir.resolve("me-cert.pem"), me.certificatePem());
            key = Files.writeString(dir.resolve("me-key.pem"), me.privateKeyPem());
            gateway.answer("GET", "/v1/participants/me", 200, "{\"id\":\"tdc1\"}");
        }

        @AfterEach
        void stop() {
            gateway.close();
        }

        Run call(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of(
                    "--gateway",
                    gateway.base(),
                    "--ca",
                    certificate.toString(),
                    "--cert",
                    certificate.toString(),
                    "--key",
                    key.toString()));
            return job(all.toArray(String[]::new));
        }

        String committed() throws Exception {
            Run r = job("commit", "--spec", spec().toString());
            assertThat(r.exit()).as(r.err()).isZero();
            return Json.tree(r.out()).get("modelSpecCommitment").asText();
        }

        List<String> sent(String method, String path) {
            return gateway.requests().stream()
                    .filter(q -> q.method().equals(method) && q.path().equals(path))
                    .map(RecordingGateway.Request::body)
                    .toList();
        }

        Run submit(String... more) throws Exception {
            return submitWith("https://tdc.example/model.sealed", "k1", more);
        }

        Run submitWith(String specUri, String outputKey, String... more) throws Exception {
            List<String> args = new ArrayList<>(List.of(
                    "submit",
                    "--id",
                    "j1",
                    "--contract",
                    "c2",
                    "--contract",
                    "c1",
                    "--spec",
                    dir.resolve("model.json").toString(),
                    "--spec-uri",
                    specUri,
                    "--output-key",
                    outputKey));
            args.addAll(List.of(more));
            return call(args.toArray(String[]::new));
        }

        @Test
        void sendsOnlyTheCommitmentNeverTheSpecOrTheSalt() throws Exception {
            String commitment = committed();
            for (String c : List.of("c1", "c2")) {
                gateway.answer(
                        "GET",
                        "/v1/contracts/" + c,
                        200,
                        "{\"terms\":{\"modelSpecCommitment\":\"" + commitment
                                + "\",\"datasets\":[{\"datasetId\":\"d1\","
                                + "\"joinColumn\":\"mobile\",\"privacy\":{\"epsilon\":1.5,\"delta\":0.01,"
                                + "\"maxGradNorm\":1.0,\"noiseMultiplier\":2.0,\"epochs\":30}}]}}");
            }
            // submit checks the spec with the clean room's validator against the contract's datasets.
            gateway.answer(
                    "GET",
                    "/v1/datasets/d1",
                    200,
                    "{\"id\":\"d1\",\"revision\":1,\"schema\":[{\"name\":\"mobile\",\"type\":\"string\"},"
                            + "{\"name\":\"age\",\"type\":\"int\"},{\"name\":\"result\",\"type\":\"int\"}]}");
            gateway.answer("POST", "/v1/jobs", 200, "{\"jobId\":\"j1\",\"status\":\"SUBMITTED\"}");
            Run r = submit();
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("SUBMITTED");
            assertThat(r.err()).contains("committing to " + commitment).contains("model.json.salt");
            assertThat(sent("POST", "/v1/jobs"))
                    .containsExactly(Json.canonicalString(new SubmitJobRequest(
                            "j1", "tdc1", List.of("c1", "c2"), commitment, "https://tdc.example/model.sealed", "k1")));
            String salt = HexFormat.of().formatHex(JobSpec.readSalt(dir.resolve("model.json.salt")));
            for (RecordingGateway.Request q : gateway.requests()) {
                assertThat(q.body() + q.path()).doesNotContain("dense", "epochs", salt);
            }
        }

        @Test
        void aContractCommittedToAnotherSpecIsRefusedBeforeSubmitting() throws Exception {
            committed();
            gateway.answer(
                    "GET",
                    "/v1/contracts/c1",
                    200,
                    "{\"terms\":{\"modelSpecCommitment\":\"" + "ab".repeat(32) + "\"}}");
            Run r = submit();
            assertThat(r.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(r.err())
                    .contains("contract c1 commits to " + "ab".repeat(32))
                    .contains("nothing submitted");
            assertThat(sent("POST", "/v1/jobs")).isEmpty();

            gateway.answer("GET", "/v1/contracts/c1", 200, "{\"terms\":{}}");
            Run none = submit();
            assertThat(none.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(none.err()).contains("commits to no model spec");
            assertThat(sent("POST", "/v1/jobs")).isEmpty();
        }

        @Test
        void withoutTheSaltNothingIsSent() throws Exception {
            spec();
            Run r = submit();
            assertThat(r.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(r.err()).contains("--salt-file").contains("depa job commit");
            assertThat(gateway.requests()).isEmpty();
            assertThat(Files.exists(dir.resolve("model.json.salt"))).isFalse();
        }

        @Test
        void usageErrorsNameTheOptionOrFieldAndSendNothing() throws Exception {
            committed();
            Run noContract = call(
                    "submit",
                    "--spec",
                    dir.resolve("model.json").toString(),
                    "--spec-uri",
                    "https://x.example/s",
                    "--output-key",
                    "k1");
            assertThat(noContract.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(noContract.err()).contains("--contract");
            Run badUri = submitWith("ftp://tdc.example/s", "k1");
            assertThat(badUri.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(badUri.err()).contains("sealedSpecUri");
            Run badId = submitWith("https://tdc.example/s", "Not An Id!");
            assertThat(badId.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(badId.err()).contains("outputKeyId");
            assertThat(sent("POST", "/v1/jobs")).isEmpty();
            Run noJob = call("status");
            assertThat(noJob.exit()).isEqualTo(ApiCommand.USAGE);
            assertThat(noJob.err()).contains("JOB");
        }

        @Test
        void cancelActsAsTheCaller() {
            gateway.answer("POST", "/v1/jobs/j1/cancel", 200, "{\"jobId\":\"j1\",\"status\":\"CANCELLED\"}");
            Run r = call("cancel", "j1", "--reason", "new data");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(sent("POST", "/v1/jobs/j1/cancel"))
                    .containsExactly(Json.canonicalString(new JobActionRequest("j1", "tdc1", "new data")));
            gateway.answer(
                    "POST",
                    "/v1/jobs/j1/cancel",
                    409,
                    "{\"status\":409,\"code\":\"INVALID_STATE\",\"detail\":\"job j1 is RUNNING\"}");
            Run late = call("cancel", "j1");
            assertThat(late.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(late.err()).contains("409 INVALID_STATE").contains("RUNNING");
        }

        @Test
        void statusListAndWaitReportTheJob() {
            gateway.answer("GET", "/v1/jobs/j1", 200, "{\"jobId\":\"j1\",\"status\":\"COMPLETED\"}");
            gateway.answer("GET", "/v1/contracts/c1/jobs", 200, "[{\"jobId\":\"j1\"}]");
            assertThat(call("status", "j1").out()).contains("COMPLETED");
            assertThat(call("list", "--contract", "c1").out()).contains("j1");
            Run done = call("wait", "j1", "--json");
            assertThat(done.exit()).isZero();
            assertThat(done.out().strip()).isEqualTo("{\"jobId\":\"j1\",\"status\":\"COMPLETED\"}");
            assertThat(done.err()).contains("job j1: COMPLETED");

            gateway.answer(
                    "GET",
                    "/v1/jobs/j2",
                    200,
                    "{\"jobId\":\"j2\",\"status\":\"FAILED\",\"reason\":\"agent died 3 times\"}");
            Run failed = call("wait", "j2");
            assertThat(failed.exit()).isEqualTo(ApiCommand.REFUSED);
            assertThat(failed.out()).contains("FAILED");
            assertThat(failed.err())
                    .contains("job j2: FAILED (agent died 3 times)")
                    .contains("refused: job j2 is FAILED");
        }

        @Test
        void anAbsentGatewayIsExit3() throws Exception {
            committed();
            gateway.close();
            Run r = submit();
            assertThat(r.exit()).isEqualTo(ApiCommand.UNREACHABLE);
            assertThat(r.err()).contains("unreachable");
        }
    }

    static String text(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
