package org.depa.payments.relay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.depa.ledger.client.EventCheckpoint;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.TypedLedger;
import org.depa.payments.chain.ChainException;

/**
 * The payment relay as a long-running service of the designated party: it follows the ledger's
 * events through that party's own client from a durable checkpoint ({@code stateDir/events.checkpoint})
 * and settles each receipt's instructions exactly once ({@link PaymentRelay}, journal in {@code
 * stateDir/journal}), closes finished contracts' escrows, and every {@code retryEvery} retries the
 * instructions left waiting and records the expiry of watched contracts whose validity has passed
 * ({@link ExpiryRecorder}): the chaincode checks that against the transaction's own time, so a relay
 * whose clock runs ahead cannot expire a contract early. A step that fails (the chain or the ledger
 * unreachable) is retried with a growing pause (1 s doubling up to {@code maxBackoff}); the event is
 * recorded in the checkpoint only once handled, so nothing is lost, and the journal makes sure
 * nothing is paid twice. {@link #close()} lets the step in flight finish for {@code stopGrace}, then
 * abandons it (the journal resumes it on the next start).
 */
public final class RelayService implements AutoCloseable {
    /**
     * @param stateDir the relay's own directory (owner-only): checkpoint, journal, expiry watch, status
     * @param firstBlock where a relay without a checkpoint starts following
     * @param retryEvery how often waiting instructions and expired contracts are looked at
     * @param maxBackoff the longest pause before a failed step is tried again
     * @param expiryGrace how long after a contract's validUntil (by this relay's clock) it is expired
     * @param stopGrace how long {@link #close()} waits for the step in flight
     */
    public record Settings(
            Path stateDir,
            long firstBlock,
            Duration retryEvery,
            Duration maxBackoff,
            Duration expiryGrace,
            Duration stopGrace) {
        public Settings {
            if (firstBlock < 0) {
                throw new IllegalArgumentException("firstBlock: must not be negative, was " + firstBlock);
            }
            positive("retryEvery", retryEvery);
            positive("maxBackoff", maxBackoff);
            positive("stopGrace", stopGrace);
            if (expiryGrace.isNegative()) {
                throw new IllegalArgumentException("expiryGrace: must not be negative");
            }
        }

        private static void positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": must be positive, was " + d);
            }
        }
    }

    private final LedgerClient client;
    private final TypedLedger ledger;
    private final RelayConfig config;
    private final Settings settings;
    private final PrintStream log;
    private final RelayJournal journal;
    private final EventCheckpoint checkpoint;
    private final RelayFollower follower;
    private final ExpiryRecorder expiries;
    private final ReentrantLock work = new ReentrantLock();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread worker;
    private final Thread ticker;
    private volatile LedgerClient.EventStream stream;
    /** The relay's state while its own participant is not on the ledger yet (see {@link #notRegistered}). */
    public static final String UNREGISTERED = "UNREGISTERED";

    private String state = "FOLLOWING";
    private long events;
    private String problem;
    private Instant retryAt;

    private RelayService(
            LedgerClient client, RelayConfig config, Settings settings, Clock clock, PrintStream log, RelayHook hook) {
        this.client = client;
        this.ledger = new TypedLedger(client);
        this.config = config;
        this.settings = settings;
        this.log = log;
        this.journal = new RelayJournal(settings.stateDir().resolve("journal"));
        this.checkpoint = EventCheckpoint.open(settings.stateDir().resolve("events.checkpoint"), settings.firstBlock());
        this.expiries = new ExpiryRecorder(
                ledger,
                ExpiryWatch.open(settings.stateDir().resolve("expiry-watch")),
                clock,
                settings.expiryGrace(),
                this::log);
        PaymentRelay relay = new PaymentRelay(config, ledger, journal, hook);
        this.follower = new RelayFollower(client, relay, journal, checkpoint, new EscrowCloser(config, ledger));
        this.worker = new Thread(this::follow, "payment-relay-events");
        this.ticker = new Thread(this::tickEvery, "payment-relay-retries");
    }

    /** Starts following; returns at once. {@code client} is the relay party's own ledger client. */
    public static RelayService start(
            LedgerClient client, RelayConfig config, Settings settings, Clock clock, PrintStream log)
            throws IOException {
        return start(client, config, settings, clock, log, RelayHook.NONE);
    }

    /** As {@link #start(LedgerClient, RelayConfig, Settings, Clock, PrintStream)}, with a hook for the tests. */
    static RelayService start(
            LedgerClient client, RelayConfig config, Settings settings, Clock clock, PrintStream log, RelayHook hook)
            throws IOException {
        Files.createDirectories(settings.stateDir());
        RelayService s = new RelayService(client, config, settings, clock, log, hook);
        s.log("following the ledger's events as " + config.relayParticipantId() + " from "
                + (s.checkpoint.txId() == null
                        ? "block " + s.checkpoint.block()
                        : "the checkpoint at block " + s.checkpoint.block()));
        s.writeStatus();
        s.worker.start();
        return s;
    }

    private void follow() {
        boolean hadCheckpoint =
                checkpoint.txId() != null || Files.exists(settings.stateDir().resolve("events.checkpoint"));
        for (int failures = 1; ; failures++) {
            try {
                follower.receiptsFromStateThrough(
                        StateCatchUp.prepare(settings.stateDir(), hadCheckpoint, client, ledger, journal, this::log));
                break;
            } catch (RuntimeException e) {
                if (stopped()
                        || !pause(failures, "reading the PENDING instructions from the ledger failed: " + brief(e))) {
                    return;
                }
            }
        }
        // The retry pass starts once the old PENDING instructions are in the journal: its first
        // round settles them.
        ticker.start();
        int failures = 0;
        while (!stopped()) {
            try (LedgerClient.EventStream events = checkpoint.resume(client)) {
                stream = events;
                while (!stopped() && events.hasNext()) {
                    LedgerEventRecord e = events.next();
                    if (!handleUntilDone(e)) {
                        return;
                    }
                    checkpoint.record(e);
                    failures = 0;
                    synchronized (this) {
                        this.events++;
                    }
                    writeStatus();
                }
            } catch (RuntimeException e) {
                if (stopped() || !pause(++failures, "following the ledger's events failed: " + brief(e))) {
                    return;
                }
            }
        }
    }

    /** Handles {@code e}, trying again after a pause while it fails; false when stopped first. */
    private boolean handleUntilDone(LedgerEventRecord e) {
        for (int failures = 1; !stopped(); failures++) {
            String failure;
            work.lock();
            try {
                expiries.watchIfActivated(e);
                follower.handle(e);
                recovered();
                return true;
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            } catch (IOException | RuntimeException ex) {
                failure = brief(ex);
            } finally {
                work.unlock();
            }
            if (!pause(failures, e.name() + " at block " + e.blockNumber() + ": " + failure)) {
                return false;
            }
        }
        return false;
    }

    private void tickEvery() {
        int failures = 0;
        do {
            work.lock();
            try {
                tick();
                failures = 0;
                recovered();
            } catch (InterruptedException ie) {
                return;
            } catch (IOException | RuntimeException ex) {
                String why = "retrying waiting instructions and expiries failed (" + ++failures + "): " + brief(ex);
                log(why);
                boolean unregistered = notRegistered(ex);
                synchronized (this) { // shown in the status like a failing event (the old PENDING are settled here)
                    state = stopped() ? state : unregistered ? UNREGISTERED : "RETRYING";
                    problem = why;
                    retryAt = Instant.now().plus(settings.retryEvery());
                }
            } finally {
                work.unlock();
            }
            writeStatus();
        } while (!awaitStop(settings.retryEvery()));
    }

    /** One retry pass now, between the follower's steps (the tests' way to not wait for the next). */
    void tickNow() throws IOException, InterruptedException {
        work.lock();
        try {
            tick();
        } finally {
            work.unlock();
        }
        writeStatus();
    }

    /** Retries the waiting instructions, then records the expiry of watched contracts past their validity. */
    void tick() throws IOException, InterruptedException {
        follower.retryWaiting();
        expiries.expireDue();
    }

    /**
     * Whether {@code e} is the ledger saying the relay's own participant does not exist: the relay was started before
     * the SRO registered it (a deployment's {@code up} starts the relay, the consortium registers its participant
     * afterwards). Nothing the relay writes can be accepted until then; that is a state of the consortium, not a
     * failure of the relay, so it shows as {@value #UNREGISTERED} and the pass is retried as usual.
     */
    private boolean notRegistered(Throwable e) {
        String own = ownParticipantMissing();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(own)) {
                return true;
            }
        }
        return false;
    }

    /** The ledger's NOT_FOUND message for the relay's own participant. */
    private String ownParticipantMissing() {
        return "participant '" + config.relayParticipantId() + "' does not exist";
    }

    private synchronized void recovered() {
        if (state.equals("RETRYING") || state.equals(UNREGISTERED)) {
            state = "FOLLOWING";
            problem = null;
            retryAt = null;
            log("recovered: following again");
        }
    }

    /** Waits before a failed step is tried again (1 s doubling up to maxBackoff); false when stopped. */
    private boolean pause(int failures, String why) {
        Duration delay = Duration.ofSeconds(1L << Math.min(failures - 1, 16));
        if (delay.compareTo(settings.maxBackoff()) > 0) {
            delay = settings.maxBackoff();
        }
        synchronized (this) {
            if (!stopped()) {
                state = why.contains(ownParticipantMissing()) ? UNREGISTERED : "RETRYING";
            }
            problem = why;
            retryAt = Instant.now().plus(delay);
        }
        log("retrying in " + delay.toMillis() + " ms (attempt " + failures + "): " + why);
        writeStatus();
        return !awaitStop(delay);
    }

    private boolean awaitStop(Duration d) {
        try {
            return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    /** What the relay is doing now (as in {@code status.json}). */
    public synchronized RelayStatus status() {
        List<RelayStatus.Waiting> waiting = journal.all().stream()
                .filter(e -> e.state() == JournalEntry.State.WAITING && e.reason() != null)
                .map(e -> new RelayStatus.Waiting(e.paymentId(), e.reason()))
                .toList();
        long recorded = journal.all().stream()
                .filter(e -> e.state() == JournalEntry.State.RECORDED)
                .count();
        return new RelayStatus(
                state,
                ProcessHandle.current().pid(),
                config.relayParticipantId(),
                Instant.now().toString(),
                checkpoint.txId() == null
                        ? Long.toString(checkpoint.block())
                        : checkpoint.block() + " " + checkpoint.txId(),
                events,
                recorded,
                waiting,
                problem,
                retryAt == null ? null : retryAt.toString(),
                expiries.watched());
    }

    /** Synchronized: the follower and the retry thread both write it, through one temporary file. */
    private synchronized void writeStatus() {
        try {
            status().write(settings.stateDir());
        } catch (RuntimeException e) {
            log("cannot write the status file: " + brief(e));
        }
    }

    /**
     * Stops following: the step in flight may finish within {@code stopGrace}; after that it is
     * abandoned (interrupted), which the journal makes safe (a signed transaction is re-sent as the
     * same bytes on the next start, never signed anew).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (stopped()) {
                return;
            }
            state = "STOPPING";
            stop.countDown();
        }
        writeStatus();
        LedgerClient.EventStream s = stream;
        if (s != null) {
            s.close();
        }
        long deadline = System.nanoTime() + settings.stopGrace().toNanos();
        for (Thread t : List.of(worker, ticker)) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (t.isAlive()) {
                    log("abandoning the step in flight after "
                            + settings.stopGrace().toSeconds() + " s; the journal resumes it at the next start");
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            journal.close(); // the RECORDED entries kept for the next sync, written now
        } catch (RuntimeException e) {
            log("cannot write the journal's last entries (the next start reads the ledger instead): " + brief(e));
        }
        synchronized (this) {
            state = "STOPPED";
        }
        writeStatus();
        log("stopped at " + status().checkpoint());
    }

    private void log(String line) {
        synchronized (log) {
            log.println(Instant.now() + " " + line);
        }
    }

    private static String brief(Throwable e) {
        String m = e instanceof ChainException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e.getCause() != null && !(e instanceof ChainException)) {
            m += " (" + e.getCause().getMessage() + ")";
        }
        return m.length() <= 400 ? m : m.substring(0, 400) + "...";
    }
}
