package org.depa.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.depa.ccr.operator.JobOutputs;
import org.depa.ccr.operator.OperatorSettings;
import org.depa.dataset.OutputSeal;
import org.depa.gateway.Api.Member;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.World;
import org.depa.testkit.SelfSigned;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A training job driven to COMPLETED through the gateway as its parties would (contract, output
 * key, submit, schedule, start, a run with its key release and receipt naming the job, complete),
 * and the CCR provider's operator serving what its clean room left in the job's workspace: the
 * progress file and the model and report sealed to the TDC's output key (dataset-crypto's OutputSeal), with their manifest.
 */
final class JobOutputsWorld {
    static final Credentials RUN_KEY = SelfSigned.credentials(
            SignatureAlgorithm.ECDSA_P384_SHA384,
            "jo-run-key",
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1)));
    static final String CHIP = "c1".repeat(64);
    static final String TCB = "0300000000000873";

    final KeyPair outputKey = keyPair();
    final Path stateDir;
    final OperatorSettings settings;
    private JobOutputs outputs;

    private final String portProperty;

    JobOutputsWorld() throws IOException {
        this("jo-ccr", TestPki.OUTPUTS_PORT_PROPERTY);
    }

    /** The world of CCR provider {@code ccrId}, whose operator listens on the port in {@code portProperty}. */
    JobOutputsWorld(String ccrId, String portProperty) throws IOException {
        stateDir = Files.createTempDirectory("depa-jo-operator");
        settings = new OperatorSettings(ccrId, stateDir, 1, 1, List.of("true", "{config}"), Duration.ZERO);
        this.portProperty = portProperty;
    }

    /** The operator's job-output service on the port the gateway is configured with. */
    void startOperator() throws IOException {
        int port = ConfigProvider.getConfig().getValue(portProperty, Integer.class);
        outputs = JobOutputs.serve(
                io.quarkus.arc.Arc.container()
                        .instance(LedgerConnections.class)
                        .get()
                        .forOrganisation("CcrMSP")
                        .orElseThrow(),
                settings,
                Map.of(Hashes.sha256Hex(TestPki.OUTPUTS_TOKEN), "ConsumerMSP"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    void stopOperator() {
        outputs.close();
    }

    void registerOutputKey(Member tdc, String keyId) {
        Api.json(
                        tdc.spec(),
                        new RegisterOutputKeyRequest(
                                keyId, tdc.id(), pem(outputKey.getPublic().getEncoded())))
                .post("/v1/output-keys")
                .then()
                .statusCode(200);
    }

    /** Submitted by the TDC, scheduled and started by the CCR provider: RUNNING. */
    static void runningJob(String jobId, String contractId, Member tdc, Member ccr, String keyId) {
        runningJob(jobId, List.of(contractId), tdc, ccr, keyId);
    }

    /** A job over {@code contractIds}, submitted, scheduled and started: RUNNING. */
    static void runningJob(String jobId, List<String> contractIds, Member tdc, Member ccr, String keyId) {
        Api.json(
                        tdc.spec(),
                        new SubmitJobRequest(
                                jobId,
                                tdc.id(),
                                contractIds,
                                JobFixture.COMMITMENT,
                                "https://tdc.example/" + jobId,
                                keyId))
                .post("/v1/jobs")
                .then()
                .statusCode(200);
        for (String step : List.of("schedule", "start")) {
            Api.json(ccr.spec(), new JobActionRequest(jobId, ccr.id(), null))
                    .post("/v1/jobs/" + jobId + "/" + step)
                    .then()
                    .statusCode(200);
        }
    }

    /** The job's one run, its key release and its receipt (model {@code model}), then the job completed. */
    static void completeJob(String jobId, String runId, String contractId, Member tdp, Member ccr, byte[] model) {
        completedRun(jobId, runId, contractId, tdp, ccr, model);
        complete(jobId, ccr, List.of(runId));
    }

    /** The CCR provider completes the job with {@code runIds}, one per contract in the job's order. */
    static void complete(String jobId, Member ccr, List<String> runIds) {
        Api.json(ccr.spec(), new CompleteJobRequest(jobId, ccr.id(), runIds))
                .post("/v1/jobs/" + jobId + "/complete")
                .then()
                .statusCode(200);
    }

    /** One run of the job over {@code contractId}: started, {@code tdp}'s key released, its receipt in. */
    static void completedRun(String jobId, String runId, String contractId, Member tdp, Member ccr, byte[] model) {
        Api.json(
                        ccr.spec(),
                        CleanRooms.start(
                                        CleanRooms.chip(CHIP, TCB),
                                        runId,
                                        contractId,
                                        ccr.id(),
                                        World.MEASUREMENT,
                                        RUN_KEY.publicKeyPem())
                                .forJob(jobId))
                .post("/v1/runs")
                .then()
                .statusCode(200);
        String dataset = tdp.id() + "-data";
        String kr = Hashes.sha256Hex("kr");
        String recipient = Hashes.sha256Hex("recipient");
        Api.json(
                        tdp.spec(),
                        new KeyReleaseRequest(
                                runId,
                                dataset,
                                tdp.id(),
                                World.MEASUREMENT,
                                kr,
                                recipient,
                                CHIP,
                                TCB,
                                sign(SigningPayloads.keyRelease(runId, dataset, kr, recipient))))
                .post("/v1/runs/" + runId + "/key-releases")
                .then()
                .statusCode(200);
        TreeMap<String, BigDecimal> metrics = new TreeMap<>();
        metrics.put("accuracy", new BigDecimal("0.7"));
        String report = Api.sro()
                .get("/v1/runs/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .path("reportSha256");
        ReceiptBody body = new ReceiptBody(
                        runId,
                        contractId,
                        Hashes.sha256Hex(model),
                        List.of(new ReceiptDataset(dataset, Hashes.sha256Hex(dataset + "-ciphertext"), BigDecimal.ONE)),
                        metrics,
                        report)
                .forJob(jobId, JobFixture.COMMITMENT);
        String signature =
                sign(SigningPayloads.receipt(new SigningPayloads.Domain("depa", "depa"), Requests.receipt(body)));
        Api.json(ccr.spec(), new SubmitReceiptRequest(ccr.id(), body, signature))
                .post("/v1/runs/" + runId + "/receipt")
                .then()
                .statusCode(200);
    }

    private static String sign(byte[] payload) {
        return Base64.getEncoder()
                .encodeToString(LocalSigner.fromPem(RUN_KEY.privateKeyPem()).sign(payload));
    }

    /** What the clean room writes after epoch {@code epoch} of {@code epochs}. */
    void progress(String jobId, int epoch, int epochs) throws IOException {
        Path ws = Files.createDirectories(settings.workspace(jobId));
        Files.writeString(
                ws.resolve(JobOutputs.PROGRESS_FILE),
                "{\"jobId\":\"" + jobId + "\",\"epoch\":" + epoch + ",\"epochs\":" + epochs + ",\"loss\":"
                        + (0.9 / epoch) + ",\"epsilonSpent\":" + (0.3 * epoch) + ",\"updated\":\"" + Instant.now()
                        + "\"}");
    }

    /** The sealed model and report of the run, and the manifest (written last, as the clean room does). */
    void sealedOutput(String jobId, String runId, String contractId, byte[] model, byte[] report) throws Exception {
        sealedOutput(jobId, List.of(new RunOutput(runId, contractId, model, report)));
    }

    /** What one run of a job contributes to its output. */
    record RunOutput(String runId, String contractId, byte[] model, byte[] report) {}

    /** Every run's sealed model and report, and one manifest listing them all (written last). */
    void sealedOutput(String jobId, List<RunOutput> runs) throws Exception {
        Path out = Files.createDirectories(settings.workspace(jobId).resolve(JobOutputs.OUTPUT_DIR));
        List<Map<String, String>> files = new java.util.ArrayList<>();
        for (RunOutput r : runs) {
            String m = seal(out.resolve(r.runId() + ".model.sealed"), r.model(), r.runId(), r.contractId(), "model");
            String rep = seal(
                    out.resolve(r.runId() + ".report.zip.sealed"), r.report(), r.runId(), r.contractId(), "report");
            files.add(entry(r.runId() + ".model.sealed", m, "model", r));
            files.add(entry(r.runId() + ".report.zip.sealed", rep, "report", r));
        }
        writeManifest(jobId, files);
    }

    private static Map<String, String> entry(String name, String sha256, String kind, RunOutput r) {
        return Map.of("name", name, "sha256", sha256, "kind", kind, "runId", r.runId(), "contractId", r.contractId());
    }

    /** The manifest of {@code jobId}'s output as the clean room writes it. */
    void writeManifest(String jobId, List<Map<String, String>> files) throws IOException {
        Path out = settings.workspace(jobId).resolve(JobOutputs.OUTPUT_DIR);
        Files.writeString(
                out.resolve(JobOutputs.MANIFEST_FILE), Json.canonicalString(Map.of("jobId", jobId, "files", files)));
    }

    /** {@code content} sealed to the TDC's output key with the labels of {@code runId}, as {@code file}; its SHA-256. */
    String sealAs(Path file, byte[] content, String runId, String contractId, String kind) throws Exception {
        return seal(file, content, runId, contractId, kind);
    }

    private String seal(Path file, byte[] content, String runId, String contractId, String kind) throws Exception {
        byte[] sealed = OutputSeal.seal(
                content,
                outputKey.getPublic(),
                Map.of(
                        "jobId",
                        file.getParent().getParent().getFileName().toString(),
                        "runId",
                        runId,
                        "contractId",
                        contractId,
                        "name",
                        kind));
        Files.write(file, sealed);
        return Hashes.sha256Hex(sealed);
    }

    static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(byte[] spki) {
        return pem("PUBLIC KEY", spki);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The output key's private half as the TDC keeps it (PKCS#8 PEM), in {@code dir}. */
    Path privateKeyFile(Path dir, KeyPair pair, String name) {
        try {
            return Files.writeString(
                    dir.resolve(name), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
