package org.depa.ccr.operator;

import java.io.PrintStream;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * Follows the ledger's events from the checkpoint through the operator's own client. A submitted
 * job of this CCR provider is scheduled ({@code jobs:schedule}), given its workspace and queued; a
 * cancelled one leaves the queue; other providers' jobs are ignored. The checkpoint is recorded
 * after each event is handled, so a restarted operator neither skips an event nor handles one
 * twice; handling twice would change nothing anyway (the job's status on the ledger decides).
 */
final class JobFollower implements Runnable {
    private final LedgerClient client;
    private final JobLedger jobs;
    private final EventCheckpoint checkpoint;
    private final CleanRooms rooms;
    private final OperatorSettings settings;
    private final PrintStream log;
    private volatile LedgerClient.EventStream stream;
    private volatile boolean closed;

    JobFollower(
            LedgerClient client,
            JobLedger jobs,
            EventCheckpoint checkpoint,
            CleanRooms rooms,
            OperatorSettings settings,
            PrintStream log) {
        this.client = client;
        this.jobs = jobs;
        this.checkpoint = checkpoint;
        this.rooms = rooms;
        this.settings = settings;
        this.log = log;
    }

    @Override
    public void run() {
        while (!closed) {
            try (LedgerClient.EventStream events = checkpoint.resume(client)) {
                stream = events;
                while (!closed && events.hasNext()) {
                    LedgerEventRecord e = events.next();
                    handle(e);
                    checkpoint.record(e);
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.println("ccr-operator: following events failed (" + e.getMessage() + "); resuming in 1 s");
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(LedgerEventRecord e) {
        boolean submitted = EventType.JOB_SUBMITTED.wireName().equals(e.name());
        boolean cancelled = EventType.JOB_CANCELLED.wireName().equals(e.name());
        if (!submitted && !cancelled) {
            return;
        }
        String jobId = Json.read(e.payload(), LedgerEvent.class).objectId();
        TrainingJob job = jobs.get(jobId);
        if (!jobs.ours(job)) {
            return;
        }
        if (cancelled) {
            rooms.cancelled(jobId);
            return;
        }
        if (job.status() == JobStatus.SUBMITTED) {
            try {
                job = jobs.schedule(jobId);
                log.println("ccr-operator: job " + jobId + " SCHEDULED (contracts "
                        + String.join(", ", job.contractIds()) + ")");
            } catch (LedgerException refused) {
                if (refused.retryable()) {
                    throw refused;
                }
                log.println("ccr-operator: job " + jobId + " cannot be scheduled: " + refused.getMessage());
                failUnscheduled(jobId, refused);
                return;
            }
        }
        if (job.status() == JobStatus.SCHEDULED || job.status() == JobStatus.RUNNING) {
            DurableFiles.ownerOnlyDirectory(settings.workspace(jobId));
            rooms.enqueue(jobId);
        }
    }

    private void failUnscheduled(String jobId, LedgerException refused) {
        try {
            jobs.fail(jobId, "not scheduled: " + refused.code() + ": " + refused.getMessage());
        } catch (LedgerException e) {
            log.println("ccr-operator: job " + jobId + ": jobs:fail refused: " + e.getMessage());
        }
    }

    void close() {
        closed = true;
        LedgerClient.EventStream s = stream;
        if (s != null) {
            s.close();
        }
    }
}
