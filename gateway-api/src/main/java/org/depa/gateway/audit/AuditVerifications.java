package org.depa.gateway.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.jboss.logging.Logger;

/**
 * The auditor's verification, run by the gateway for a caller over a fresh copy of its ledger.
 * Decided: one verification at a time per caller (its certificate: a colleague is another caller),
 * {@code max-running} in all, each stopped after {@code max-duration} and refused above
 * {@code max-ledger-bytes}; the request waits for the result (the table is what the caller came
 * for). Each caller's last verification is kept, with its copy, for the download; only that
 * caller may read it. The copies live in an owner-only directory removed at shutdown.
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
    private final Map<String, Kept> kept = new LinkedHashMap<>();
    private ExecutorService pool;
    private Semaphore slots;
    private Path root;
    private boolean temporaryRoot;

    /** A finished verification: who ran it, its copy, its result. */
    private record Kept(String owner, Path directory, Verification verification) {}

    @PostConstruct
    void start() {
        int max = Math.max(1, config.audit().maxRunning());
        slots = new Semaphore(max);
        pool = Executors.newFixedThreadPool(max, r -> {
            Thread t = new Thread(r, "audit-verification");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs a verification for {@code caller} and waits for it, within the configured time. */
    public Verification run(Caller caller, VerificationRequest request) {
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
        Path dir;
        Future<Verification> result;
        AtomicBoolean abandoned = new AtomicBoolean();
        try {
            dir = root().resolve(id);
            result = pool.submit(() -> {
                try {
                    return task.run(dir);
                } finally {
                    // Stopped after its caller gave up: nobody keeps its copy.
                    if (abandoned.get() || Thread.currentThread().isInterrupted()) {
                        VerificationTask.delete(dir);
                    }
                    slots.release();
                    running.remove(owner);
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            running.remove(owner);
            throw e;
        }
        try {
            Verification v = result.get(config.audit().maxDuration().toMillis(), TimeUnit.MILLISECONDS);
            keep(new Kept(owner, dir, v));
            LOG.infof("verification %s for %s: %s (%d failed)", id, task.who(), v.verdict(), v.failed());
            return v;
        } catch (TimeoutException e) {
            abandoned.set(true);
            result.cancel(true);
            VerificationTask.delete(dir);
            throw new GatewayException(
                    GatewayCode.VERIFICATION_TOO_LONG,
                    "the verification took longer than "
                            + config.audit().maxDuration().toSeconds()
                            + " s and was stopped; export the ledger and run `depa audit verify` offline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.set(true);
            result.cancel(true);
            VerificationTask.delete(dir);
            throw new GatewayException(GatewayCode.VERIFICATION_UNAVAILABLE, "the gateway is stopping");
        } catch (ExecutionException e) {
            VerificationTask.delete(dir);
            LOG.warnf("verification %s for %s did not finish: %s", id, task.who(), e.getCause());
            throw VerificationTask.refusal(e.getCause());
        }
    }

    /** The caller's own verification {@code id}, while it is kept. */
    public Optional<Verification> find(Caller caller, String id) {
        return kept(caller, id).map(Kept::verification);
    }

    /** Writes the bundle of the caller's own verification {@code id} as a zip; false when there is none. */
    public boolean writeBundle(Caller caller, String id, OutputStream out) throws IOException {
        Optional<Kept> k = kept(caller, id);
        if (k.isEmpty()) {
            return false;
        }
        BundleZip.write(k.get().directory().resolve(VerificationTask.BUNDLE), id, out);
        return true;
    }

    /** The name of a verification's download. */
    public static String bundleFileName(String id) {
        return BundleZip.folder(id) + ".zip";
    }

    private Optional<Kept> kept(Caller caller, String id) {
        synchronized (kept) {
            Kept k = kept.get(id);
            return k != null && k.owner().equals(caller.certificateSha256()) ? Optional.of(k) : Optional.empty();
        }
    }

    private void keep(Kept k) {
        synchronized (kept) {
            kept.values().removeIf(old -> {
                boolean same = old.owner().equals(k.owner());
                if (same) {
                    VerificationTask.delete(old.directory());
                }
                return same;
            });
            kept.put(k.verification().id(), k);
            while (kept.size() > Math.max(1, config.audit().maxKept())) {
                var oldest = kept.entrySet().iterator().next();
                VerificationTask.delete(oldest.getValue().directory());
                kept.remove(oldest.getKey());
            }
        }
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

    private synchronized Path root() {
        if (root == null) {
            try {
                Optional<Path> configured = config.audit().directory();
                if (configured.isPresent()) {
                    root = Files.createDirectories(configured.get());
                } else {
                    root = Files.createTempDirectory(
                            "depa-gateway-audit",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    temporaryRoot = true;
                }
            } catch (IOException e) {
                throw new GatewayException(
                        GatewayCode.VERIFICATION_UNAVAILABLE, "the gateway cannot make its verification directory");
            }
        }
        return root;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        synchronized (kept) {
            kept.values().forEach(k -> VerificationTask.delete(k.directory()));
            kept.clear();
        }
        if (temporaryRoot) {
            VerificationTask.delete(root);
        }
    }
}
