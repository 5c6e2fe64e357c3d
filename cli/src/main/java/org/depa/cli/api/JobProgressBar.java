package org.depa.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;
import org.depa.ledger.model.Json;

/**
 * While a job runs, its clean room's progress ({@code /v1/jobs/ID/progress}: epoch of epochs,
 * training loss, epsilon spent) polled every {@link #PERIOD} on a thread of its own: a bar redrawn
 * in place on a terminal, one plain line per new epoch otherwise. Progress that cannot be read (not
 * reported yet, the CCR provider's operator unreachable) is said once and polling goes on; a caller
 * who is not the job's TDC gets no progress, and polling stops.
 */
final class JobProgressBar implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(1000);
    private static final int WIDTH = 30;

    private final TypedGateway g;
    private final String jobId;
    private final PrintWriter err;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean stopped;
    private int lastEpoch = -1;
    private String lastProblem;

    JobProgressBar(TypedGateway g, String jobId, PrintWriter err, boolean terminal) {
        this.g = g;
        this.jobId = jobId;
        this.err = err;
        this.terminal = terminal;
        this.thread = new Thread(this::poll, "depa-job-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        while (!stopped) {
            if (!once()) {
                return;
            }
            try {
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One reading; false when polling should stop. */
    boolean once() {
        try {
            show(Json.tree(g.get("/v1/jobs/" + QueryString.path(jobId) + "/progress")));
            return true;
        } catch (GatewayException e) {
            if (e.status() == 403) {
                return false; // not the job's TDC: the progress is the TDC's alone
            }
            problem(e.status() == 404 ? "no progress reported yet" : "progress unavailable: " + e.getMessage());
            return true;
        } catch (GatewayUnreachableException | IllegalArgumentException e) {
            problem("progress unavailable: " + e.getMessage());
            return true;
        }
    }

    private synchronized void problem(String what) {
        if (!what.equals(lastProblem) && !stopped) {
            lastProblem = what;
            err.println("job " + jobId + ": " + what);
            err.flush();
        }
    }

    private synchronized void show(JsonNode p) {
        int epoch = p.path("epoch").asInt();
        int epochs = Math.max(1, p.path("epochs").asInt(1));
        String figures = String.format(
                Locale.ROOT,
                "epoch %d/%d, loss %.4f, epsilon spent %.4f",
                epoch,
                epochs,
                p.path("loss").asDouble(),
                p.path("epsilonSpent").asDouble());
        if (stopped) {
            return;
        }
        if (terminal) {
            int filled = Math.min(WIDTH, epoch * WIDTH / epochs);
            err.print(
                    "\rjob " + jobId + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + figures + "  ");
            err.flush();
        } else if (epoch != lastEpoch) {
            err.println("job " + jobId + ": " + figures);
            err.flush();
        }
        lastEpoch = epoch;
        lastProblem = null;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal && lastEpoch >= 0) {
                err.println();
                err.flush();
            }
        }
    }
}
