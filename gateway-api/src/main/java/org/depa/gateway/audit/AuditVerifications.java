package org.depa.gateway.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.jboss.logging.Logger;

/**
 * The auditor's verification, run by the gateway for a caller over a fresh copy of its ledger: the
 * one service behind both {@code POST /v1/audit/verifications} (which waits for the result) and the
 * audit page (which starts one and follows it while it runs). Decided: one verification at a time
 * per caller (its certificate: a colleague is another caller), {@code max-running} in all, each
 * stopped after {@code max-duration} whether or not anyone waits for it, and refused above
 * {@code max-ledger-bytes}. Each caller's last verification is kept, with its copy, for the
 * download; only that caller may read it. The copies live in an owner-only directory removed at
 * shutdown ({@link VerificationStore}).
 */
@ApplicationScoped
public class AuditVerifications {
    private static final Logger LOG = Logger.getLogger(AuditVerifications.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    GatewayConfig config;

    @Inject
    LedgerConnections ledgers;

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private VerificationStore store;
    private ExecutorService pool;
    private ScheduledExecutorService watchdog;
    private Semaphore slots;

    @PostConstruct
    void start() {
        int max = Math.max(1, config.audit().maxRunning());
        slots = new Semaphore(max);
        store = new VerificationStore(config.audit().directory(), config.audit().maxKept());
        pool = Executors.newFixedThreadPool(max, r -> daemon(r, "audit-verification"));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "audit-verification-watchdog"));
    }

    /** Runs a verification for {@code caller} and waits for it, within the configured time (the API). */
    public Verification run(Caller caller, VerificationRequest request) {
        VerificationStore.Entry e = store.entry(start(caller, request));
        try {
            // The watchdog ends the run at max-duration; the margin only covers its own scheduling.
            return e.result().get(config.audit().maxDuration().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            e.cancel();
            throw new GatewayException(GatewayCode.VERIFICATION_UNAVAILABLE, "the gateway is stopping");
        } catch (TimeoutException x) {
            e.cancel();
            throw tooLong();
        } catch (ExecutionException x) {
            throw VerificationTask.refusal(x.getCause());
        }
    }

    /**
     * Starts a verification for {@code caller} and answers its id at once (the audit page, which
     * follows it with {@link #status}); refused as {@link #run} is when the caller's last one still
     * runs or the gateway runs as many as it may.
     */
    public String start(Caller caller, VerificationRequest request) {
        VerificationRun.Request options = options(request);
        String owner = caller.certificateSha256();
        if (!running.add(owner)) {
            throw new GatewayException(
                    GatewayCode.VERIFICATION_RUNNING, "your verification of the ledger is still running; wait for it");
        }
        if (!slots.tryAcquire()) {
            running.remove(owner);
            throw new GatewayException(
                    GatewayCode.TOO_MANY_VERIFICATIONS,
                    "the gateway runs as many verifications as it may at once; try again in a minute");
        }
        String id = HexFormat.of().formatHex(bytes(16));
        VerificationTask task = new VerificationTask(config, ledgers, caller, id, options);
        try {
            VerificationStore.Entry e = store.add(owner, id);
            pool.execute(() -> {
                try {
                    e.begin();
                    Verification v = task.run(e.directory(), e.progress());
                    e.finish(v);
                    LOG.infof("verification %s for %s: %s (%d failed)", id, task.who(), v.verdict(), v.failed());
                } catch (Throwable t) {
                    GatewayException refusal = e.timedOut() ? tooLong() : VerificationTask.refusal(t);
                    if (!e.timedOut()) {
                        LOG.warnf("verification %s for %s did not finish: %s", id, task.who(), t);
                    }
                    e.fail(refusal);
                } finally {
                    e.end();
                    slots.release();
                    running.remove(owner);
                }
            });
            watchdog.schedule(e::timeOut, config.audit().maxDuration().toMillis(), TimeUnit.MILLISECONDS);
            return id;
        } catch (RuntimeException x) {
            slots.release();
            running.remove(owner);
            throw x;
        }
    }

    /** Where the caller's own verification {@code id} is, while it runs or is kept. */
    public Optional<VerificationStatus> status(Caller caller, String id) {
        return store.find(caller.certificateSha256(), id).map(e -> e.status(Instant.now()));
    }

    /** The caller's own finished verification {@code id}, while it is kept. */
    public Optional<Verification> find(Caller caller, String id) {
        return status(caller, id).map(VerificationStatus::verification);
    }

    /**
     * The zip of the copy the caller's own verification {@code id} ran on, as a download; {@code notFound}
     * when there is none of the caller's (the API and the page word it differently).
     */
    public Response download(Caller caller, String id, Supplier<GatewayException> notFound) {
        String owner = caller.certificateSha256();
        if (find(caller, id).isEmpty()) {
            throw notFound.get();
        }
        StreamingOutput zip = out -> {
            if (!store.writeBundle(owner, id, out)) {
                throw new IOException("verification " + id + " was removed during its download");
            }
        };
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + bundleFileName(id) + "\"")
                .build();
    }

    /** The name of a verification's download. */
    public static String bundleFileName(String id) {
        return BundleZip.folder(id) + ".zip";
    }

    private GatewayException tooLong() {
        return new GatewayException(
                GatewayCode.VERIFICATION_TOO_LONG,
                "the verification took longer than "
                        + config.audit().maxDuration().toSeconds()
                        + " s and was stopped; export the ledger and run `depa audit verify` offline");
    }

    private static VerificationRun.Request options(VerificationRequest r) {
        VerificationRequest q = r == null ? VerificationRequest.DEFAULTS : r;
        for (var hash : new String[][] {{"genesisHash", q.genesisHash()}, {"expectHead", q.expectHead()}}) {
            if (hash[1] != null && !hash[1].matches("[0-9a-fA-F]{64}")) {
                throw new GatewayException(GatewayCode.INVALID_PARAMETER, "'" + hash[0] + "' must be 64 hex digits");
            }
        }
        return new VerificationRun.Request(q.genesisHash(), q.expectHead(), q.developmentRootsAllowed());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
        pool.shutdownNow();
        store.close();
    }
}
