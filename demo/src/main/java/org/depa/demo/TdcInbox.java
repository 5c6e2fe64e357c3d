package org.depa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.depa.ledger.model.Hashes;

/** What the TDC does with its job's output, once fetched and opened: the model, the report and its figures. */
final class TdcInbox {
    /** The reference implementation's figures on the same data (epsilon about 1.5). */
    static final double REF_ACCURACY = 0.6415;

    static final double REF_F1 = 0.5366;
    static final double REF_ROC_AUC = 0.6637;

    private final Path dir;
    private final Console console;

    /** @param dir the demo's folder: the TDC's inbox is {@code tdc-inbox} in it */
    TdcInbox(Path dir, Console console) {
        this.dir = dir;
        this.console = console;
    }

    /** Opens what a training job left for the TDC (its model, its zipped report) and prints the model's figures. */
    void open(TrainingJobRun.Outcome job) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("tdc-inbox"));
        Files.write(inbox.resolve("model.json"), job.model());
        unzip(job.report(), inbox.resolve("report"));
        console.line(
                "job %s COMPLETED: model %d bytes (sha256 matches the receipt: %s); report in %s",
                job.job().jobId(),
                job.model().length,
                Hashes.sha256Hex(job.model()).equals(job.receipt().body().modelSha256()),
                inbox.resolve("report"));
        printComparison(inbox.resolve("report").resolve("metrics.json"));
    }

    static void unzip(byte[] zip, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("report entry outside its folder: " + e.getName());
                }
                Files.createDirectories(out.getParent());
                Files.write(out, in.readAllBytes());
            }
        }
    }

    /** Prints the private model, the non-private baseline and the reference side by side. */
    private void printComparison(Path metricsJson) throws IOException {
        JsonNode m = new ObjectMapper().readTree(metricsJson.toFile());
        JsonNode dp = m.get("private");
        JsonNode base = m.get("nonPrivateBaseline");
        console.line("%-28s %9s %9s %9s", "", "accuracy", "F1", "ROC-AUC");
        String dpLabel = "DP-SGD, epsilon " + m.get("epsilonSpent").asText() + " (delta "
                + m.get("delta").asText() + ")";
        console.line(
                "%-28s %9.4f %9.4f %9.4f",
                dpLabel,
                dp.get("accuracy").asDouble(),
                dp.get("f1").asDouble(),
                dp.get("roc_auc").asDouble());
        if (base != null && base.has("accuracy")) {
            console.line(
                    "%-28s %9.4f %9.4f %9.4f",
                    "non-private, same split",
                    base.get("accuracy").asDouble(),
                    base.get("f1").asDouble(),
                    base.get("roc_auc").asDouble());
        }
        console.line("%-28s %9.4f %9.4f %9.4f", "reference system (eps ~1.5)", REF_ACCURACY, REF_F1, REF_ROC_AUC);
    }
}
