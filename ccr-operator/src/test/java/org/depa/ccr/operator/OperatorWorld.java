package org.depa.ccr.operator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;

/**
 * The operator's test bed: the usual cast on an embedded ledger (TDPs icmr and cowin, the TDC, the
 * CCR provider "ccr"), the TDC's output key, contracts committing to one model spec, and the TDPs'
 * side of key release: a thread that submits, as the dataset's owner, each signed release request
 * a clean room leaves in its workspace (what a TDP's kms-bridge does after checking the report).
 */
final class OperatorWorld implements AutoCloseable {
    static final String SPEC = "{\"hiddenLayers\":[16],\"epochs\":5}";
    static final String COMMITMENT =
            ModelSpecCommitments.commit(Hashes.sha256("operator-test-salt".getBytes(StandardCharsets.UTF_8)), SPEC);

    /** The clean rooms are child JVMs, each with its own emulator: the ledger trusts any development root. */
    final Scenario s = new Scenario(new World(
            org.depa.ledger.client.embedded.EmbeddedLedger.builder().trustAnyDevelopmentRoot(),
            org.depa.testkit.CredentialSource.SHARED));

    final World w = s.w;
    final Path dir;
    final Path control;
    final Path state;
    final PrintStream log;
    /** The TDC's output key pair: the clean rooms seal to its public half. */
    final java.security.KeyPair outputKey = outputKeyPair();

    private final ScheduledExecutorService bridges = Executors.newSingleThreadScheduledExecutor();

    OperatorWorld(Path dir) throws IOException {
        this.dir = dir;
        this.control = Files.createDirectories(dir.resolve("control"));
        this.state = dir.resolve("operator");
        this.log = new PrintStream(Files.newOutputStream(dir.resolve("operator.log")), true, StandardCharsets.UTF_8);
        Files.writeString(
                control.resolve("domain"),
                w.domain().channel() + " " + w.domain().chaincode());
        s.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest("tdc-out", "tdc", pem("PUBLIC KEY", outputKey.getPublic())));
        bridges.scheduleWithFixedDelay(this::releaseRequested, 100, 100, TimeUnit.MILLISECONDS);
    }

    private static java.security.KeyPair outputKeyPair() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of a key's standard encoding (SubjectPublicKeyInfo, PKCS#8). */
    static String pem(String label, java.security.Key key) {
        return "-----BEGIN " + label + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
    }

    OperatorSettings settings(int maxCleanRooms, int maxAttempts, String mode) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new OperatorSettings(
                "ccr",
                state,
                maxCleanRooms,
                maxAttempts,
                List.of(
                        java.toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TestCleanRoom.class.getName(),
                        mode,
                        control.toString(),
                        OperatorSettings.CONFIG_PLACEHOLDER),
                Duration.ofMillis(200));
    }

    Operator operator(OperatorSettings settings) throws IOException {
        return Operator.start(s.ccr.client(), settings, log);
    }

    /** An ACTIVE contract over icmr-data whose signed terms commit to the model spec. */
    ContractRecord contract(String contractId) {
        s.propose(s.proposal(contractId, "1.5", Scenario.ICMR_DATA).withModelSpecCommitment(COMMITMENT));
        s.signAll(contractId);
        return w.activate(s.tdc, contractId);
    }

    TrainingJob submit(String jobId, String contractId) {
        contract(contractId);
        return s.tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                jobId,
                                "tdc",
                                List.of(contractId),
                                COMMITMENT,
                                "https://tdc.example/specs/" + jobId,
                                "tdc-out"));
    }

    TrainingJob cancel(String jobId) {
        return s.tdc.ledger().submit(Jobs.CANCEL, new JobActionRequest(jobId, "tdc", "changed our mind"));
    }

    TrainingJob job(String jobId) {
        return w.sroLedger().evaluate(Jobs.GET, jobId);
    }

    List<TrainingRun> runs(String contractId) {
        return w.sroLedger().evaluate(Runs.LIST_BY_CONTRACT, contractId);
    }

    /** The launches of the job's clean room the clean rooms recorded: one line each (attempt, pid). */
    List<String> launches(String jobId) throws IOException {
        Path f = control.resolve(jobId + ".launches");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    boolean training(String jobId) {
        return Files.exists(control.resolve(jobId + ".training"));
    }

    long trainingPid(String jobId) throws IOException {
        return Long.parseLong(
                Files.readString(control.resolve(jobId + ".training")).strip());
    }

    void go(String jobId) throws IOException {
        Files.writeString(control.resolve(jobId + ".go"), "go");
    }

    TrainingJob awaitStatus(String jobId, JobStatus status) {
        await("job " + jobId + " " + status, () -> job(jobId).status() == status);
        return job(jobId);
    }

    void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; operator log:\n" + operatorLog());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String operatorLog() {
        try {
            return Files.readString(dir.resolve("operator.log"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The TDPs' side: each release request a clean room left is submitted by the dataset's owner. */
    private void releaseRequested() {
        Path jobs = state.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return;
        }
        try (Stream<Path> files = Files.walk(jobs, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("release-")
                            && p.getFileName().toString().endsWith(".json"))
                    .toList()) {
                KeyReleaseRequest req = Json.read(Files.readString(f), KeyReleaseRequest.class);
                try {
                    w.party(req.tdpId()).ledger().submit(Runs.RECORD_KEY_RELEASE, req);
                } catch (LedgerException e) {
                    log.println("test TDP bridge: release refused: " + e);
                }
                Files.delete(f);
            }
        } catch (IOException | RuntimeException e) {
            log.println("test TDP bridge: " + e);
        }
    }

    @Override
    public void close() {
        bridges.shutdownNow();
        // Clean rooms this test's operators launched and left running (a crash leaves them too).
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        log.close();
        s.close();
    }
}
