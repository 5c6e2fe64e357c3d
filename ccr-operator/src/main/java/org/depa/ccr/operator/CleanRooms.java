package org.depa.ccr.operator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.relay.CleanRoomExit;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The clean rooms of the operator's jobs: at most N running, the rest queued in arrival order. All
 * state changes happen on one thread, so the queue, the running set and each job's record never
 * race. A launch's end is judged by the ledger first: the job's receipts are in (jobs:complete), or
 * the job was cancelled or finished elsewhere (nothing). Otherwise it failed, and the clean room's
 * exit code ({@link CleanRoomExit}) says whether a relaunch could change that: a permanent failure
 * fails the job at once with its reason; any other is launched again after a pause, and after K
 * launches jobs:fail with the last reason.
 */
final class CleanRooms implements AutoCloseable {
    private final OperatorSettings settings;
    private final JobLedger jobs;
    private final LedgerRelay relay;
    private final CleanRoomConfig.Ids ids;
    private final Launcher launcher;
    private final PrintStream log;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ccr-operator-clean-rooms");
        t.setDaemon(true);
        return t;
    });
    private final Deque<String> queue = new ArrayDeque<>();
    /** Jobs holding a slot: a running process, or a restart waiting for its pause. */
    private final Map<String, Slot> slots = new HashMap<>();

    private record Slot(ProcessHandle process, String token) {}

    CleanRooms(OperatorSettings settings, JobLedger jobs, LedgerRelay relay, CleanRoomConfig.Ids ids, PrintStream log) {
        this.settings = settings;
        this.jobs = jobs;
        this.relay = relay;
        this.ids = ids;
        this.launcher = new Launcher(settings);
        this.log = log;
    }

    /** Queues the job (once): it launches when a slot is free. */
    void enqueue(String jobId) {
        loop.execute(() -> {
            if (!queue.contains(jobId) && !slots.containsKey(jobId)) {
                queue.add(jobId);
                log.println("ccr-operator: job " + jobId + " queued (" + queue.size() + " waiting, " + slots.size()
                        + " of " + settings.maxCleanRooms() + " clean rooms running)");
            }
            pump();
        });
    }

    /** A cancelled job leaves the queue; one already launched is judged when its process ends. */
    void cancelled(String jobId) {
        loop.execute(() -> {
            if (queue.remove(jobId)) {
                log.println("ccr-operator: job " + jobId + " cancelled while queued; not started");
            }
        });
    }

    /** For tests and status: the queued jobs and the jobs holding a slot, read on the loop thread. */
    Snapshot snapshot() {
        try {
            return loop.submit(() -> new Snapshot(List.copyOf(queue), List.copyOf(slots.keySet())))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    record Snapshot(List<String> queued, List<String> running) {}

    private void pump() {
        while (slots.size() < settings.maxCleanRooms() && !queue.isEmpty()) {
            String jobId = queue.poll();
            try {
                begin(jobId);
            } catch (RuntimeException e) {
                log.println("ccr-operator: job " + jobId + ": " + e.getMessage() + "; queued again in "
                        + settings.restartDelay().toMillis() + " ms");
                loop.schedule(() -> enqueue(jobId), retryMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** A queued job: adopt its still-running clean room, finish it, or launch it. */
    private void begin(String jobId) {
        TrainingJob job = jobs.get(jobId);
        if (JobLedger.isFinal(job.status()) || job.status() == JobStatus.SUBMITTED) {
            log.println("ccr-operator: job " + jobId + " is " + job.status() + "; nothing to launch");
            return;
        }
        Path ws = DurableFiles.ownerOnlyDirectory(settings.workspace(jobId));
        JobRecord rec = JobRecord.readOrNull(ws);
        rec = rec == null ? JobRecord.fresh(jobId) : rec;
        ProcessHandle live = rec.liveProcess();
        if (live != null) {
            // An earlier operator's launch still runs: wait for it rather than launch a second one.
            log.println(
                    "ccr-operator: job " + jobId + ": clean room pid " + live.pid() + " still runs; waiting for it");
            slots.put(jobId, new Slot(live, null));
            live.onExit().thenRun(() -> loop.execute(() -> ended(jobId, null)));
            return;
        }
        if (finished(job)) {
            return;
        }
        if (rec.attempts() >= settings.maxAttempts()) {
            failJob(job, rec);
            return;
        }
        launch(job, ws, rec);
    }

    private void launch(TrainingJob job, Path ws, JobRecord rec) {
        int attempt = rec.attempts() + 1;
        Launcher.Launched l = launcher.launch(job, ws, attempt, relay, ids);
        rec.launched(l.process()).write(ws);
        slots.put(job.jobId(), new Slot(l.process(), l.token()));
        log.println("ccr-operator: job " + job.jobId() + ": clean room launched, attempt " + attempt + " of "
                + settings.maxAttempts() + ", pid " + l.process().pid());
        l.child().onExit().thenAccept(p -> loop.execute(() -> ended(job.jobId(), p.exitValue())));
    }

    /** A clean room's process ended: judge by the ledger. */
    private void ended(String jobId, Integer exitCode) {
        Slot slot = slots.remove(jobId);
        if (slot != null && slot.token() != null) {
            relay.revoke(slot.token());
        }
        Path ws = settings.workspace(jobId);
        JobRecord rec = JobRecord.readOrNull(ws);
        rec = rec == null ? JobRecord.fresh(jobId) : rec;
        try {
            TrainingJob job = jobs.get(jobId);
            if (!finished(job)) {
                String reason = Launcher.failureReason(ws, Math.max(rec.attempts(), 1), exitCode);
                rec = rec.exited(reason);
                rec.write(ws);
                log.println(
                        "ccr-operator: job " + jobId + ": clean room attempt " + rec.attempts() + " ended: " + reason);
                if (exitCode != null && CleanRoomExit.of(exitCode).permanent()) {
                    failJob(
                            job,
                            "clean room failed on attempt " + rec.attempts() + " (permanent, not retried): " + reason);
                } else if (rec.attempts() >= settings.maxAttempts()) {
                    failJob(job, rec);
                } else {
                    restartLater(jobId);
                }
            }
        } catch (RuntimeException e) {
            log.println("ccr-operator: job " + jobId + ": " + e.getMessage() + "; looked at again shortly");
            restartLater(jobId);
        }
        pump();
    }

    /** Keeps the job's slot through the pause, then begins it again (adopt, finish or launch). */
    private void restartLater(String jobId) {
        slots.put(jobId, new Slot(null, null));
        loop.schedule(
                () -> {
                    slots.remove(jobId);
                    queue.addFirst(jobId);
                    pump();
                },
                retryMillis(),
                TimeUnit.MILLISECONDS);
    }

    private long retryMillis() {
        return Math.max(1, settings.restartDelay().toMillis());
    }

    /** True when nothing more is to be done: final on the ledger, or now completed from its receipts. */
    private boolean finished(TrainingJob job) {
        if (JobLedger.isFinal(job.status())) {
            log.println("ccr-operator: job " + job.jobId() + " is " + job.status());
            return true;
        }
        if (job.status() != JobStatus.RUNNING) {
            return false;
        }
        List<String> runIds = jobs.completedRuns(job);
        if (runIds == null) {
            return false;
        }
        jobs.complete(job.jobId(), runIds);
        log.println("ccr-operator: job " + job.jobId() + " COMPLETED (runs " + String.join(", ", runIds) + ")");
        return true;
    }

    private void failJob(TrainingJob job, JobRecord rec) {
        failJob(
                job,
                "clean room failed " + rec.attempts() + " times; last: "
                        + (rec.lastFailure() == null ? "unknown" : rec.lastFailure()));
    }

    private void failJob(TrainingJob job, String reason) {
        try {
            jobs.fail(job.jobId(), reason);
            log.println("ccr-operator: job " + job.jobId() + " FAILED: " + reason);
        } catch (LedgerException e) {
            log.println("ccr-operator: job " + job.jobId() + ": jobs:fail refused: " + e.getMessage());
        }
    }

    /**
     * Stops scheduling. Clean rooms still running are left running, as after a crash of the
     * operator: the next operator waits for them (their relay tokens die with this operator).
     */
    @Override
    public void close() {
        loop.shutdownNow();
    }
}
