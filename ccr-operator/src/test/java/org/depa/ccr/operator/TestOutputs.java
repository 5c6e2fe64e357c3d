package org.depa.ccr.operator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.depa.dataset.OutputSeal;
import org.depa.ledger.model.Hashes;

/**
 * What a clean room leaves for its TDC, written as the real agent does (issue 11's protocol):
 * {@code progress.json} replaced after each epoch, and the sealed model and report (dataset-crypto's
 * {@code OutputSeal} to the job's registered output key, as the agent seals) with {@code output/outputs.json}.
 * The model's plaintext is {@code "model-" + runId}, whose SHA-256 is what the test receipts carry.
 */
final class TestOutputs {
    static final int EPOCHS = 3;

    private TestOutputs() {}

    static byte[] model(String runId) {
        return ("model-" + runId).getBytes(StandardCharsets.UTF_8);
    }

    /** One epoch's progress, replaced atomically. */
    static void progress(Path ws, String jobId, int epoch) {
        DurableFiles.writeJson(
                ws.resolve(JobOutputs.PROGRESS_FILE),
                new JobProgress(
                        jobId,
                        epoch,
                        EPOCHS,
                        1.0 / (epoch + 1),
                        0.5 * epoch / EPOCHS,
                        Instant.now().toString()));
    }

    /** The sealed output of the job's runs (one per contract) and its manifest, the manifest last. */
    static void seal(Path ws, String jobId, List<String[]> runsAndContracts, String outputKeyPem) throws Exception {
        Path out = DurableFiles.ownerOnlyDirectory(ws.resolve(JobOutputs.OUTPUT_DIR));
        List<OutputManifest.File> files = new ArrayList<>();
        for (String[] rc : runsAndContracts) {
            String runId = rc[0];
            String contractId = rc[1];
            files.add(write(out, runId + ".model.sealed", "model", runId, contractId, model(runId), outputKeyPem));
            files.add(
                    write(out, runId + ".report.zip.sealed", "report", runId, contractId, report(runId), outputKeyPem));
        }
        DurableFiles.writeJson(out.resolve(JobOutputs.MANIFEST_FILE), new OutputManifest(jobId, files));
    }

    private static OutputManifest.File write(
            Path out, String name, String kind, String runId, String contractId, byte[] content, String pem)
            throws Exception {
        byte[] sealed = OutputSeal.seal(
                content,
                publicKey(pem),
                Map.of(
                        "jobId",
                        out.getParent().getFileName().toString(),
                        "runId",
                        runId,
                        "contractId",
                        contractId,
                        "name",
                        kind));
        DurableFiles.write(out.resolve(name), sealed);
        return new OutputManifest.File(name, Hashes.sha256Hex(sealed), kind, runId, contractId);
    }

    static byte[] report(String runId) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry("metrics.json");
            e.setTime(0L);
            zip.putNextEntry(e);
            zip.write(("{\"runId\":\"" + runId + "\",\"accuracy\":0.71}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static ECPublicKey publicKey(String pem) throws Exception {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    static boolean exists(Path ws) {
        return Files.exists(ws.resolve(JobOutputs.OUTPUT_DIR).resolve(JobOutputs.MANIFEST_FILE));
    }
}
