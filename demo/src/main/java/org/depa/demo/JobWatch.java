package org.depa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.depa.demo.party.Party;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The TDC following its job: each status the job passes through (read from the ledger), and while
 * it runs the clean room's progress (epoch, loss, epsilon spent) as {@link JobHost} reads it (the
 * operator's job-output service, or the TDC's own gateway over a deployment), a line every few epochs.
 */
final class JobWatch {
    static final Duration LIMIT = Duration.ofMinutes(20);

    private final Party tdc;
    private final String jobId;
    private final JobHost host;
    private final Console console;
    private final Instant started = Instant.now();

    JobWatch(Party tdc, String jobId, JobHost host, Console console) {
        this.tdc = tdc;
        this.jobId = jobId;
        this.host = host;
        this.console = console;
    }

    TrainingJob untilFinal() throws InterruptedException {
        String last = null;
        int lastEpoch = 0;
        while (Duration.between(started, Instant.now()).compareTo(LIMIT) < 0) {
            TrainingJob job = tdc.ledger().evaluate(Jobs.GET, jobId);
            if (job.status().isFinal()) {
                // A short run can finish between two polls: its last epoch is printed before the final status.
                lastEpoch = progress(lastEpoch);
            }
            if (!job.status().name().equals(last)) {
                last = job.status().name();
                console.line(
                        "job %s: %-9s after %5.1f s%s",
                        jobId, last, seconds(), job.reason() == null ? "" : " (" + job.reason() + ")");
            }
            if (job.status().isFinal()) {
                return job;
            }
            lastEpoch = progress(lastEpoch);
            Thread.sleep(500);
        }
        throw new IllegalStateException("job " + jobId + " not final after " + LIMIT.toMinutes() + " minutes");
    }

    /** Prints the progress when a new fifth epoch (or the last) is reached; nothing before the first. */
    private int progress(int lastEpoch) throws InterruptedException {
        JsonNode p;
        try {
            p = Json.tree(new String(host.get(jobId, "progress"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return lastEpoch; // not reported yet
        }
        int epoch = p.path("epoch").asInt();
        int epochs = p.path("epochs").asInt();
        if (epoch > lastEpoch && (epoch % 5 == 0 || epoch == epochs || lastEpoch == 0)) {
            console.line(
                    "job %s:   epoch %2d/%d, loss %.4f, epsilon spent %.4f",
                    jobId,
                    epoch,
                    epochs,
                    p.path("loss").asDouble(),
                    p.path("epsilonSpent").asDouble());
            return epoch;
        }
        return lastEpoch;
    }

    private double seconds() {
        return Duration.between(started, Instant.now()).toMillis() / 1000.0;
    }
}
