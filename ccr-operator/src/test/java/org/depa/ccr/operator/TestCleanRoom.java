package org.depa.ccr.operator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.relay.CleanRoomExit;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.SelfSigned;

/**
 * A clean room for the operator's tests, run as its own JVM by the operator exactly as the agent
 * would be: it reads the config file the operator wrote, reaches the ledger only through the
 * operator's relay, keeps its run key in its workspace (so a restart resumes the same run), starts
 * one run per contract naming the job, asks each TDP for its key (a signed request file the test's
 * TDP side submits), and submits a receipt naming the job and its commitment, signed by the run
 * key. No training: the operator's tests are about launching, restarting and finishing, and the
 * agent's training and resume are ccr-agent's tests.
 *
 * <p>Arguments: mode ({@code ok}; {@code slow}: the first attempt waits after its runs started,
 * until the control file {@code <job>.go} exists; {@code fail}: gives up at once with a reason,
 * exiting as a transient failure; {@code fail-permanent}: the same, exiting as a permanent one),
 * the control directory, the config file.
 */
public final class TestCleanRoom {
    static final String FAILURE = "dataset icmr-data: ciphertext hash differs from the contract's";
    static final String EPSILON = "0.5";

    private TestCleanRoom() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path control = Path.of(args[1]);
        CleanRoomConfig config = CleanRoomConfig.read(Path.of(args[2]));
        Path ws = Path.of(config.workspace());
        String job = config.jobId();
        Files.writeString(
                control.resolve(job + ".launches"),
                config.attempt() + " " + ProcessHandle.current().pid() + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("clean room for job " + job + ", attempt " + config.attempt());
        if (mode.equals("fail") || mode.equals("fail-permanent")) {
            Files.writeString(ws.resolve(CleanRoomConfig.FAILURE_FILE), FAILURE + "\n");
            System.exit((mode.equals("fail") ? CleanRoomExit.TRANSIENT : CleanRoomExit.PERMANENT).code());
        }
        String[] domain = Files.readString(control.resolve("domain")).strip().split(" ");
        SigningPayloads.Domain d = new SigningPayloads.Domain(domain[0], domain[1]);
        TypedLedger ledger = new TypedLedger(config.relayClient());
        Credentials runKey = runKey(ws);
        for (String contractId : config.contractIds()) {
            String runId = job + "-" + contractId;
            TrainingRun run = existing(ledger, runId);
            if (run == null) {
                run = ledger.submit(
                        Runs.START,
                        CleanRooms.start(
                                        CleanRooms.chip(World.CHIP_ID, World.REPORTED_TCB),
                                        runId,
                                        contractId,
                                        config.ccrProviderId(),
                                        World.MEASUREMENT,
                                        runKey.publicKeyPem())
                                .forJob(job));
                System.out.println("run " + runId + " started");
            } else {
                System.out.println("resuming run " + runId + " (" + run.status() + ")");
            }
            if (mode.equals("slow") && config.attempt() == 1) {
                Files.writeString(
                        control.resolve(job + ".training"),
                        String.valueOf(ProcessHandle.current().pid()));
                waitFor(control.resolve(job + ".go"), Duration.ofSeconds(120));
            }
            if (run.status() == RunStatus.COMPLETED) {
                continue;
            }
            // Mode "run" (JobOutputsTest): also the progress and sealed output the real clean room leaves.
            for (int epoch = 1; mode.equals("run") && epoch <= TestOutputs.EPOCHS; epoch++) {
                TestOutputs.progress(ws, job, epoch);
            }
            List<ReceiptDataset> used = new ArrayList<>();
            for (var clause : ledger.evaluate(Contracts.GET, contractId).terms().datasets()) {
                ensureReleased(ledger, ws, runKey, runId, clause.tdpId(), clause.datasetId());
                used.add(new ReceiptDataset(
                        clause.datasetId(), Scenario.ciphertext(clause.datasetId()), new BigDecimal(EPSILON)));
            }
            ReceiptBody body = Scenario.body(contractId, runId, used, run.reportSha256())
                    .forJob(job, config.modelSpecCommitment());
            byte[] sig = LocalSigner.fromPem(runKey.privateKeyPem())
                    .sign(SigningPayloads.receipt(d, Requests.receipt(body)));
            try {
                ledger.submit(
                        Runs.SUBMIT_RECEIPT,
                        new SubmitReceiptRequest(
                                config.ccrProviderId(),
                                body,
                                Base64.getEncoder().encodeToString(sig)));
                System.out.println("receipt of run " + runId + " submitted");
            } catch (LedgerException e) {
                if (e.code() != ErrorCode.RECEIPT_EXISTS) {
                    throw e;
                }
            }
        }
        if (mode.equals("run") && !TestOutputs.exists(ws)) {
            List<String[]> runs = new ArrayList<>();
            for (String contractId : config.contractIds()) {
                runs.add(new String[] {job + "-" + contractId, contractId});
            }
            TestOutputs.seal(
                    ws,
                    job,
                    runs,
                    ledger.evaluate(Jobs.GET_OUTPUT_KEY, config.outputKeyId()).publicKeyPem());
        }
        System.out.println("clean room done");
    }

    private static TrainingRun existing(TypedLedger ledger, String runId) {
        try {
            return ledger.evaluate(Runs.GET, runId);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The run key, made by the first attempt and kept in the workspace (the agent's journal does this). */
    private static Credentials runKey(Path ws) throws IOException {
        Path f = ws.resolve("run-key.json");
        if (Files.exists(f)) {
            return Json.read(Files.readString(f), Credentials.class);
        }
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P384_SHA384, "run", World.START, World.START.plus(Duration.ofDays(1)));
        DurableFiles.writeJson(f, c);
        return c;
    }

    /** Asks the TDP (a request file its bridge picks up) and waits until the release is on the ledger. */
    private static void ensureReleased(
            TypedLedger ledger, Path ws, Credentials runKey, String runId, String tdpId, String datasetId)
            throws IOException, InterruptedException {
        if (released(ledger, runId, datasetId)) {
            return;
        }
        String report = Hashes.sha256Hex("kr-report-" + runId);
        String recipient = Hashes.sha256Hex("recipient-" + runId);
        byte[] sig = LocalSigner.fromPem(runKey.privateKeyPem())
                .sign(SigningPayloads.keyRelease(runId, datasetId, report, recipient));
        KeyReleaseRequest req = new KeyReleaseRequest(
                runId,
                datasetId,
                tdpId,
                World.MEASUREMENT,
                report,
                recipient,
                World.CHIP_ID,
                World.REPORTED_TCB,
                Base64.getEncoder().encodeToString(sig));
        DurableFiles.writeJson(ws.resolve("release-" + datasetId + ".json"), req);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!released(ledger, runId, datasetId)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("key of " + datasetId + " not released to " + runId);
            }
            Thread.sleep(100);
        }
    }

    private static boolean released(TypedLedger ledger, String runId, String datasetId) {
        for (KeyReleaseRecord r : ledger.evaluate(Runs.KEY_RELEASES, runId)) {
            if (r.datasetId().equals(datasetId)) {
                return true;
            }
        }
        return false;
    }

    private static void waitFor(Path file, Duration max) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (!Files.exists(file) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        System.out.println("go: " + Files.exists(file));
    }
}
