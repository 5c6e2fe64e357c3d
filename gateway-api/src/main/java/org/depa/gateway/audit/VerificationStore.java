package org.depa.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;

/**
 * The verifications the gateway holds: each caller's last one (running, finished or stopped), at most
 * {@code maxKept} in all, each with its directory (the copy and the report). Starting a new one drops
 * the caller's earlier one; a stopped one keeps no copy.
 */
final class VerificationStore implements AutoCloseable {
    private final Optional<Path> configured;
    private final int maxKept;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private Path root;
    private boolean temporaryRoot;

    VerificationStore(Optional<Path> configured, int maxKept) {
        this.configured = configured;
        this.maxKept = Math.max(1, maxKept);
    }

    /** One verification: whose, where its copy is, how far it is, and how it ended. */
    static final class Entry {
        private final String owner;
        private final String id;
        private final Path directory;
        private final Instant started = Instant.now();
        private final VerificationProgress progress = new VerificationProgress();
        private final CompletableFuture<Verification> result = new CompletableFuture<>();
        private Thread worker;
        private boolean stopped;
        private volatile boolean timedOut;

        Entry(String owner, String id, Path directory) {
            this.owner = owner;
            this.id = id;
            this.directory = directory;
        }

        Path directory() {
            return directory;
        }

        VerificationProgress progress() {
            return progress;
        }

        CompletableFuture<Verification> result() {
            return result;
        }

        boolean timedOut() {
            return timedOut;
        }

        /** On the verification's thread, first: it may now be interrupted by {@link #cancel}. */
        synchronized void begin() {
            if (stopped) {
                throw new IllegalStateException("stopped before it started");
            }
            worker = Thread.currentThread();
        }

        /** On the verification's thread, last: an interrupt meant for this one must not reach the pool's next. */
        synchronized void end() {
            worker = null;
            Thread.interrupted();
        }

        /** Stops it (its caller gave up, or the gateway stops): the auditor's loops end between lines or blocks. */
        synchronized void cancel() {
            stopped = true;
            if (worker != null) {
                worker.interrupt();
            }
        }

        /** The watchdog, at max-duration: a verification still running then is stopped. */
        void timeOut() {
            if (!result.isDone()) {
                timedOut = true;
                cancel();
            }
        }

        void finish(Verification v) {
            result.complete(v);
        }

        void fail(GatewayException refusal) {
            VerificationTask.delete(directory);
            result.completeExceptionally(refusal);
        }

        VerificationStatus status(Instant now) {
            long elapsed = Duration.between(started, now).toSeconds();
            if (!result.isDone()) {
                return new VerificationStatus(
                        id,
                        VerificationStatus.RUNNING,
                        started.toString(),
                        progress.stage(),
                        progress.results(),
                        elapsed,
                        null,
                        null,
                        null);
            }
            Verification v = result.getNow(null);
            if (v != null) {
                return new VerificationStatus(
                        id,
                        VerificationStatus.DONE,
                        started.toString(),
                        "finished",
                        progress.results(),
                        elapsed,
                        v,
                        null,
                        null);
            }
            GatewayException refusal = refusal();
            return new VerificationStatus(
                    id,
                    VerificationStatus.FAILED,
                    started.toString(),
                    "stopped",
                    progress.results(),
                    elapsed,
                    null,
                    refusal.code().name(),
                    refusal.getMessage());
        }

        private GatewayException refusal() {
            try {
                result.join();
                return new GatewayException(GatewayCode.INTERNAL, "the verification failed");
            } catch (RuntimeException e) {
                return e.getCause() instanceof GatewayException g
                        ? g
                        : new GatewayException(GatewayCode.INTERNAL, "the verification failed");
            }
        }
    }

    /** A new verification of {@code owner}'s, replacing its earlier one. */
    synchronized Entry add(String owner, String id) {
        Entry e = new Entry(owner, id, root().resolve(id));
        List<String> drop = new ArrayList<>();
        entries.values().stream().filter(old -> old.owner.equals(owner)).forEach(old -> drop.add(old.id));
        drop.forEach(this::remove);
        entries.put(id, e);
        while (entries.size() > maxKept) {
            Optional<Entry> oldestDone =
                    entries.values().stream().filter(x -> x.result.isDone()).findFirst();
            if (oldestDone.isEmpty()) {
                break;
            }
            remove(oldestDone.get().id);
        }
        return e;
    }

    synchronized Entry entry(String id) {
        return entries.get(id);
    }

    /** {@code owner}'s verification {@code id}: anyone else's is not found. */
    synchronized Optional<Entry> find(String owner, String id) {
        Entry e = entries.get(id);
        return e != null && e.owner.equals(owner) ? Optional.of(e) : Optional.empty();
    }

    /** Writes the bundle of {@code owner}'s finished verification {@code id} as a zip; false when there is none. */
    boolean writeBundle(String owner, String id, OutputStream out) throws IOException {
        Optional<Entry> e = find(owner, id);
        if (e.isEmpty() || e.get().result.getNow(null) == null) {
            return false;
        }
        BundleZip.write(e.get().directory.resolve(VerificationTask.BUNDLE), id, out);
        return true;
    }

    private void remove(String id) {
        Entry e = entries.remove(id);
        if (e != null) {
            e.cancel();
            VerificationTask.delete(e.directory);
        }
    }

    private synchronized Path root() {
        if (root == null) {
            try {
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

    @Override
    public synchronized void close() {
        new ArrayList<>(entries.keySet()).forEach(this::remove);
        if (temporaryRoot) {
            VerificationTask.delete(root);
        }
    }
}
