package org.depa.ccr.operator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The CCR provider's operator: a long-running service over the provider's own ledger client (the
 * embedded ledger or its organisation's Fabric peer alike). On start it takes up the jobs it
 * already has workspaces for (SCHEDULED or RUNNING on the ledger), then follows job events from its
 * checkpoint; each job of its provider gets a workspace and one clean room at a time, at most N
 * clean rooms at once. See the module README for the whole life of a job.
 */
public final class Operator implements AutoCloseable {
    private final LedgerRelay relay;
    private final CleanRooms rooms;
    private final JobFollower follower;
    private final Thread followerThread;
    private final JobLedger jobs;
    private final PrintStream log;

    private Operator(LedgerClient client, OperatorSettings settings, PrintStream log) throws IOException {
        this.log = log;
        DurableFiles.ownerOnlyDirectory(settings.stateDir());
        DurableFiles.ownerOnlyDirectory(settings.stateDir().resolve("jobs"));
        this.jobs = new JobLedger(new TypedLedger(client), settings.ccrProviderId());
        this.relay = new LedgerRelay(client, this::ensureRunning);
        this.rooms = new CleanRooms(
                settings,
                jobs,
                relay,
                new CleanRoomConfig.Ids(
                        client.identity().mspId(), client.identity().certificatePem()),
                log);
        EventCheckpoint checkpoint = EventCheckpoint.open(settings.checkpointFile(), 0);
        this.follower = new JobFollower(client, jobs, checkpoint, rooms, settings, log);
        this.followerThread = new Thread(follower, "ccr-operator-events");
        this.followerThread.setDaemon(true);
    }

    /** Starts the operator: takes up its jobs in progress, then follows the ledger's job events. */
    public static Operator start(LedgerClient client, OperatorSettings settings, PrintStream log) throws IOException {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(log, "log");
        Operator op = new Operator(client, settings, log);
        op.takeUp(settings.stateDir().resolve("jobs"));
        op.followerThread.start();
        log.println("ccr-operator: following jobs of CCR provider " + settings.ccrProviderId() + " (at most "
                + settings.maxCleanRooms() + " clean rooms, " + settings.maxAttempts() + " attempts each)");
        return op;
    }

    /** The jobs this operator has workspaces for and the ledger still has open: queued again. */
    private void takeUp(Path jobsDir) {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(jobsDir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jobsDir, e);
        }
        for (Path d : dirs) {
            String jobId = d.getFileName().toString();
            TrainingJob job = jobs.get(jobId);
            if (job.status() == JobStatus.SCHEDULED || job.status() == JobStatus.RUNNING) {
                log.println("ccr-operator: taking up job " + jobId + " (" + job.status() + ")");
                rooms.enqueue(jobId);
            }
        }
    }

    /** Called before a clean room's first {@code runs:start} is forwarded: the job becomes RUNNING. */
    private synchronized void ensureRunning(String jobId) {
        TrainingJob job = jobs.get(jobId);
        if (job.status() == JobStatus.SCHEDULED) {
            try {
                jobs.start(jobId);
                log.println("ccr-operator: job " + jobId + " RUNNING");
            } catch (LedgerException e) {
                log.println("ccr-operator: job " + jobId + ": jobs:start refused: " + e.getMessage());
                throw e;
            }
        }
    }

    /** The queued jobs and those holding a clean-room slot. */
    public Status status() {
        CleanRooms.Snapshot s = rooms.snapshot();
        return new Status(s.queued(), s.running());
    }

    /** What the operator is doing now. */
    public record Status(List<String> queued, List<String> running) {}

    /**
     * Stops following and launching. Clean rooms still running are left running, as a crash would
     * leave them; a restarted operator waits for them before launching again.
     */
    @Override
    public void close() {
        follower.close();
        try {
            followerThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rooms.close();
        relay.close();
    }
}
