package org.depa.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;

/**
 * {@code depa job fetch}: the TDC downloads its COMPLETED job's sealed output through its own
 * gateway, checks it and opens it here. Checks, in order, before anything is written: the job is
 * COMPLETED and names a run per contract; each run's receipt (signed by the clean room's run key,
 * on the ledger) names this job; each sealed file's SHA-256 equals the manifest's; its authenticated
 * labels name the job, run and contract the manifest says; it opens with the given output key; and
 * each model's SHA-256 equals its receipt's {@code modelSha256}. Only then are the files written,
 * each as a new file: nothing existing is overwritten and, on any failure, nothing is left.
 */
final class JobFetch {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final TypedGateway g;
    private final PrintWriter err;

    JobFetch(TypedGateway g, PrintWriter err) {
        this.g = g;
        this.err = err;
    }

    /** One opened file, ready to be written. */
    private record Opened(Path target, byte[] content, String kind, String runId, String contractId) {}

    /** Fetches, checks, opens and writes; returns the summary for stdout. */
    String fetch(String jobId, Path outDir, ECPrivateKey key) {
        String jobPath = "/v1/jobs/" + QueryString.path(jobId);
        JsonNode job = Json.tree(g.get(jobPath));
        String status = job.path("status").asText();
        if (!status.equals("COMPLETED")) {
            throw new GatewayCommand.Refused("job " + jobId + " is " + status
                    + ": its output is fetched once it is COMPLETED ('depa job wait " + jobId + "')");
        }
        Map<String, JsonNode> receipts = new LinkedHashMap<>();
        for (JsonNode run : job.path("runIds")) {
            String runId = run.asText();
            JsonNode body = Json.tree(g.get("/v1/runs/" + QueryString.path(runId) + "/receipt"))
                    .path("body");
            if (!jobId.equals(body.path("jobId").asText(null))) {
                throw new GatewayCommand.Refused("the receipt of run " + runId + " does not name job " + jobId);
            }
            receipts.put(runId, body);
        }
        JsonNode manifest = Json.tree(g.get(jobPath + "/outputs"));
        if (!jobId.equals(manifest.path("jobId").asText(null))) {
            throw new GatewayCommand.Refused("the output manifest is not job " + jobId + "'s");
        }
        List<Opened> opened = new ArrayList<>();
        for (JsonNode f : manifest.path("files")) {
            opened.add(openOne(jobPath, f, receipts, outDir, key));
        }
        for (String runId : receipts.keySet()) {
            if (opened.stream()
                    .noneMatch(o -> o.runId().equals(runId) && o.kind().equals("model"))) {
                throw new GatewayCommand.Refused("the output holds no model of run " + runId);
            }
        }
        write(outDir, opened);
        return summary(jobId, opened, receipts);
    }

    private Opened openOne(String jobPath, JsonNode f, Map<String, JsonNode> receipts, Path outDir, ECPrivateKey key) {
        String name = f.path("name").asText();
        String runId = f.path("runId").asText();
        String kind = f.path("kind").asText();
        JsonNode receipt = receipts.get(runId);
        if (!SAFE.matcher(name).matches() || receipt == null) {
            throw new GatewayCommand.Refused(
                    "the manifest lists '" + name + "' of run '" + runId + "', which is not a run of this job");
        }
        String contractId = receipt.path("contractId").asText();
        byte[] sealed = g.getBytes(jobPath + "/outputs/" + QueryString.path(name));
        String sealedSha = Hashes.sha256Hex(sealed);
        if (!sealedSha.equals(f.path("sha256").asText())) {
            throw new GatewayCommand.Refused(name + ": SHA-256 " + sealedSha + " differs from the manifest's "
                    + f.path("sha256").asText() + "; nothing written");
        }
        byte[] content = SealedFile.open(sealed, key, name, jobPath.substring("/v1/jobs/".length()), runId, contractId);
        String target;
        if (kind.equals("model")) {
            String signed = receipt.path("modelSha256").asText();
            String opened = Hashes.sha256Hex(content);
            // The receipt (signed by the run key) names the model: its SHA-256 in the clear or, if the
            // clean room records it so, of the sealed file. Either binds this file to the receipt.
            if (!signed.equals(opened) && !signed.equals(sealedSha)) {
                throw new GatewayCommand.Refused(name + ": the model's SHA-256 " + opened
                        + " is not the one the receipt of run " + runId + " names (" + signed + "); nothing written");
            }
            target = runId + ".model";
        } else if (kind.equals("report")) {
            target = runId + ".report.zip";
        } else {
            throw new GatewayCommand.Refused(name + ": unknown kind '" + kind + "'");
        }
        err.println("checked " + name + " (" + kind + " of run " + runId + ", contract " + contractId + ")");
        err.flush();
        return new Opened(outDir.resolve(target), content, kind, runId, contractId);
    }

    /** Every file as a new file; if one cannot be written, those written by this call are removed. */
    private static void write(Path outDir, List<Opened> files) {
        for (Opened o : files) {
            if (Files.exists(o.target())) {
                throw new GatewayOptions.UsageException(
                        o.target() + " exists; depa never overwrites a file: choose another --out");
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            for (Opened o : files) {
                Files.write(o.target(), o.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                written.add(o.target());
            }
        } catch (IOException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the message below names the directory
                }
            }
            String why = e instanceof FileAlreadyExistsException ? "appeared while writing" : e.getMessage();
            throw new GatewayOptions.UsageException(
                    "cannot write the output into " + outDir + ": " + why + "; nothing written");
        }
    }

    private static String summary(String jobId, List<Opened> files, Map<String, JsonNode> receipts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobId", jobId);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Opened o : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", o.target().toString());
            m.put("kind", o.kind());
            m.put("runId", o.runId());
            m.put("contractId", o.contractId());
            m.put("sha256", Hashes.sha256Hex(o.content()));
            listed.add(m);
        }
        out.put("files", listed);
        Map<String, Object> metrics = new LinkedHashMap<>();
        receipts.forEach((run, body) -> metrics.put(run, body.path("metrics")));
        out.put("metrics", metrics);
        return Json.canonicalString(out);
    }
}
