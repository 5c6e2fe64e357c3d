package org.depa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.OutputSeal;
import org.depa.dataset.SealedSpec;
import org.depa.demo.party.Party;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;

/**
 * The training as a job, by the same code a deployment runs (issue 11, item 6): the TDC commits to
 * its model spec (the commitment goes into the contract's signed terms; spec and salt stay with the
 * TDC, sealed under a key its own bridge releases only to the attested run of its job), registers
 * an output key and submits the job; the
 * CCR provider's operator (ccr-operator, in this JVM) schedules it and launches the clean room
 * (ccr-agent's {@code CleanRoomMain}) as a separate OS process that reaches the ledger through the
 * operator's relay; the TDC follows the job's status and progress, then fetches the sealed output
 * from the operator's job-output service and opens it with the private half of its output key.
 */
final class TrainingJobRun {
    private final CovidCast cast;
    private final Path dir;
    private final Path modelSpec;
    private final Console console;
    private final KeyPair outputKey;
    private final Path bundle;
    private final Path sealed;
    /** Where the clean room fetches the sealed spec: the TDC's endpoint in a deployment, else a file. */
    private String sealedSpecUri;

    private String commitment;

    TrainingJobRun(CovidCast cast, Path dir, Path modelSpec, Console console) {
        this.cast = cast;
        this.dir = dir;
        this.modelSpec = modelSpec;
        this.console = console;
        this.outputKey = outputKeyPair();
        this.bundle = dir.resolve("tdc").resolve("spec-bundle.json");
        this.sealed = dir.resolve("tdc").resolve("spec.sealed");
    }

    /**
     * The TDC's commitment to its spec, for the contract's terms; the spec and salt go into the bundle, which the TDC
     * seals under a fresh key that only its own bridge holds (started in {@code custody}) and releases to the
     * attested run: the clean room gets the spec, nobody else does.
     */
    String commit(DatasetKeyCustody custody, Party tdc, DatasetHosting hosting) throws IOException {
        String spec = Files.readString(modelSpec, StandardCharsets.UTF_8);
        byte[] salt = new byte[ModelSpecCommitments.SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        commitment = ModelSpecCommitments.commit(salt, spec);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("spec", Json.tree(spec));
        b.put("salt", HexFormat.of().formatHex(salt));
        Files.createDirectories(bundle.getParent());
        Files.deleteIfExists(bundle);
        Files.createFile(bundle, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(bundle, Json.canonicalString(b));
        byte[] clear = Json.canonicalString(b).getBytes(StandardCharsets.UTF_8);
        DatasetKey specKey = DatasetKey.generate();
        try {
            // The same sealing as depa job seal-spec; the custody imports the key as depa kms import-key --sealed-spec.
            URI bridge = custody.holdSpecKey(tdc, specKey, SealedSpec.keyId(commitment), at -> {
                Files.deleteIfExists(sealed);
                Files.write(sealed, SealedSpec.seal(clear, specKey, new SealedSpec.Header(tdc.id(), commitment, at)));
                return sealed;
            });
            console.line("the TDC sealed its spec (%s) under a key only its own bridge (%s) holds", sealed, bridge);
            DatasetHosting.Hosted at = hosting.hostSealedSpec(CovidCast.TDC, cast.id("covid-2026-spec"), sealed);
            sealedSpecUri = at.encryptedLocation();
            console.line("the sealed spec %s: %s", at.where(), sealedSpecUri);
        } finally {
            Arrays.fill(clear, (byte) 0);
            specKey.destroy();
        }
        return commitment;
    }

    /** What the TDC ends with: the job, the opened model and report, and the receipt they match. */
    record Outcome(TrainingJob job, byte[] model, byte[] report, TrainingReceipt receipt) {}

    Outcome run(Party tdc, JobHost host) throws IOException {
        try {
            return submitAndFollow(tdc, host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the job ran", e);
        }
    }

    private Outcome submitAndFollow(Party tdc, JobHost host) throws IOException, InterruptedException {
        console.step("8. The TDC registers its output key (EC P-384) and submits a training job; the CCR provider's"
                + " operator schedules it and launches the clean room as a separate process, which attests, gets"
                + " the keys, checks the spec against the commitment, trains with DP-SGD and seals the output to"
                + " the job's output key");
        String keyId = cast.id("covid-2026-output-key");
        tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest(
                                keyId, tdc.id(), pem(outputKey.getPublic().getEncoded())));
        String jobId = cast.id("covid-2026-job-1");
        tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                jobId, tdc.id(), List.of(cast.contractId()), commitment, sealedSpecUri, keyId));
        console.line(
                "job %s submitted by %s through %s: spec commitment %s..., output key %s",
                jobId, tdc.id(), host.tdcConnection(), commitment.substring(0, 16), keyId);
        console.line("run by %s", host.operator());
        console.line("progress and output read through %s", host.outputsRoute());
        TrainingJob job = new JobWatch(tdc, jobId, host, console).untilFinal();
        Optional<Path> workspace = host.workspace(jobId);
        if (workspace.isPresent()) {
            launches(workspace.get().resolve("operator-job.json"));
            cleanRoomLog(workspace.get().resolve("agent.log"));
        }
        if (job.status() != JobStatus.COMPLETED) {
            throw new IllegalStateException("job " + jobId + " is " + job.status() + ": " + job.reason()
                    + workspace
                            .map(w -> " (clean room log: " + w.resolve("agent.log") + ")")
                            .orElse(""));
        }
        console.step("9. The TDC fetches the sealed output through " + host.outputsRoute() + ", checks each file"
                + " against the manifest and the receipt, and opens it with its own key (nobody else can)");
        return fetch(job, host, tdc);
    }

    /** Where the clean room ran: the operator's launch record in the job's workspace (process id, attempts). */
    private void launches(Path record) throws IOException {
        if (!Files.isRegularFile(record)) {
            return;
        }
        JsonNode r = Json.tree(Files.readString(record, StandardCharsets.UTF_8));
        console.line(
                "the clean room ran as process %s launched by the operator (attempts %s), workspace %s",
                r.path("pid").asText("?"), r.path("attempts").asText("?"), record.getParent());
    }

    /** The clean room's own account of its checks (its log stays in its workspace; its epochs were shown above). */
    private void cleanRoomLog(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return;
        }
        console.line("the clean room's log (%s):", log);
        try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.filter(l -> l.startsWith("ccr-agent: ") || l.startsWith("clean room: "))
                    .forEach(l -> console.line("  %s", l));
        }
    }

    private Outcome fetch(TrainingJob job, JobHost host, Party tdc) throws IOException, InterruptedException {
        JsonNode manifest = Json.tree(new String(host.get(job.jobId(), "outputs"), StandardCharsets.UTF_8));
        if (!job.jobId().equals(manifest.path("jobId").asText(null))) {
            throw new IOException("the output manifest is not job " + job.jobId() + "'s");
        }
        String runId = job.runIds().get(0);
        TrainingReceipt receipt = tdc.ledger().evaluate(Runs.GET_RECEIPT, runId);
        if (!job.jobId().equals(receipt.body().jobId())) {
            throw new IOException("the receipt of run " + runId + " does not name job " + job.jobId());
        }
        Path inbox = Files.createDirectories(dir.resolve("to-tdc")); // the sealed files as fetched
        byte[] model = null;
        byte[] report = null;
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("name").asText();
            byte[] sealed = host.get(job.jobId(), "outputs/" + name);
            if (!Hashes.sha256Hex(sealed).equals(f.path("sha256").asText())) {
                throw new IOException(name + " does not match its hash in the manifest");
            }
            Files.write(inbox.resolve(name), sealed);
            OutputSeal.Opened o = OutputSeal.open(sealed, (ECPrivateKey) outputKey.getPrivate());
            if (!runId.equals(o.labels().get("runId"))
                    || !job.jobId().equals(o.labels().get("jobId"))
                    || !receipt.body().contractId().equals(o.labels().get("contractId"))) {
                throw new IOException(name + " is labelled for another run or job: " + o.labels());
            }
            byte[] opened = o.content();
            if (f.path("kind").asText().equals("model")) {
                model = opened;
            } else {
                report = opened;
            }
            console.line("%-36s %7d bytes sealed, sha256 matches the manifest", name, sealed.length);
        }
        if (model == null || report == null) {
            throw new IOException("the output lacks the model or the report");
        }
        return new Outcome(job, model, report, receipt);
    }

    private static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair outputKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
