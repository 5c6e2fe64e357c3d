package org.depa.ccr.cleanroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.ccr.agent.Agent;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;

/**
 * {@code output/outputs.json}, what the operator exposes to the job's TDC (format agreed with
 * ccr-operator): {@code {"jobId", "files": [{"name", "sha256", "kind": "model"|"report", "runId",
 * "contractId"}]}}, naming the sealed files beside it. {@code sha256} is over the sealed file as
 * stored (a download is checked against it); the receipt's {@code modelSha256} is over the model
 * inside, checked once the TDC has opened it.
 */
final class OutputsFile {
    static final String FILE = "outputs.json";

    private OutputsFile() {}

    /** One finished run's sealed files. */
    record RunOutput(String runId, String contractId, Agent.Result result) {}

    static void write(Path outputDir, String jobId, List<RunOutput> runs) {
        List<Map<String, Object>> files = new ArrayList<>();
        try {
            for (RunOutput r : runs) {
                files.add(entry(r, r.result().sealedModel(), "model"));
                files.add(entry(r, r.result().sealedReport(), "report"));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("jobId", jobId);
            doc.put("files", files);
            Path tmp = outputDir.resolve(FILE + ".tmp");
            Files.write(tmp, Json.mapper().writeValueAsBytes(doc));
            Files.move(
                    tmp, outputDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.OUTPUT, "cannot write output/outputs.json: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> entry(RunOutput r, Path file, String kind) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", file.getFileName().toString());
        e.put("sha256", Hashes.sha256Hex(Files.readAllBytes(file)));
        e.put("kind", kind);
        e.put("runId", r.runId());
        e.put("contractId", r.contractId());
        return e;
    }
}
