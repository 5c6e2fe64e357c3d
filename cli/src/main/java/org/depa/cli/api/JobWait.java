package org.depa.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.JobStatus;

/**
 * Follows one job until it is final: reads the job, then its event stream ({@code
 * /v1/jobs/ID/events}, which the gateway ends after the job's final event), a progress line on
 * stderr at each change, and reads the job again whenever the stream ends (a stream closed for
 * idleness is resumed from the last block + 1). The final job goes to stdout; the exit code is
 * thrown as a {@link GatewayCommand.Refused} for FAILED and CANCELLED.
 */
final class JobWait {
    private final GatewayCommand command;
    private final PrintWriter err;
    private final long started = System.nanoTime();

    JobWait(GatewayCommand command, PrintWriter err) {
        this.command = command;
        this.err = err;
    }

    /** The calling participant's id ({@code /v1/participants/me}). */
    static String me(TypedGateway g) {
        return Json.tree(g.get("/v1/participants/me")).path("id").asText();
    }

    /** The final job's JSON, or {@link GatewayCommand.Refused} (exit 1) when it failed or was cancelled. */
    String await(TypedGateway g, String id) {
        try {
            return follow(g, id);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** The clean room's progress while the job is RUNNING (the job's TDC only). */
    private JobProgressBar progress;

    private String follow(TypedGateway g, String id) {
        String path = "/v1/jobs/" + QueryString.path(id);
        long from = 0;
        String last = null;
        while (true) {
            String body = g.get(path);
            JsonNode job = Json.tree(body);
            JobStatus status = JobStatus.valueOf(job.path("status").asText());
            if (status.isFinal() && progress != null) {
                progress.once(); // the last epoch's figures
                progress.close();
                progress = null;
            }
            if (!status.name().equals(last)) {
                String reason = job.path("reason").asText("");
                err.println("job " + id + ": " + status + (reason.isEmpty() ? "" : " (" + reason + ")") + " after "
                        + elapsed());
                err.flush();
                last = status.name();
            }
            if (status == JobStatus.RUNNING && progress == null) {
                progress = new JobProgressBar(g, id, err, System.console() != null);
            }
            if (status.isFinal()) {
                if (status == JobStatus.COMPLETED) {
                    return body;
                }
                command.spec.commandLine().getOut().println(command.render(body));
                command.spec.commandLine().getOut().flush();
                throw new GatewayCommand.Refused("job " + id + " is " + status);
            }
            long before = from;
            try (Stream<String> lines = g.eventLines(path + "/events?from=" + from)) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("id:")) {
                        from = Long.parseLong(line.substring(3).strip()) + 1;
                    } else if (line.isEmpty() && from != before) {
                        break; // an event arrived: read the job again and report it
                    } else if (line.startsWith(":") && System.console() != null && progress == null) {
                        err.print("\rjob " + id + ": " + last + ", " + elapsed() + "   ");
                        err.flush();
                    }
                }
            }
            if (from == before) {
                pause(); // the stream ended without an event (idle limit): do not spin
            }
        }
    }

    private String elapsed() {
        Duration d = Duration.ofNanos(System.nanoTime() - started);
        return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayCommand.Refused("interrupted");
        }
    }

    /** A PEM public key file (at most 16 KiB), sent as it is; the ledger checks the key. */
    static String readPublicKey(Path pem) {
        try {
            if (!Files.isRegularFile(pem) || Files.size(pem) > 16 * 1024) {
                throw new GatewayOptions.UsageException("--public-key " + pem + " is not a PEM file of at most 16 KiB");
            }
            return Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GatewayOptions.UsageException("cannot read --public-key " + pem + ": " + e.getMessage());
        }
    }
}
