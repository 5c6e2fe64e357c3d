package org.depa.ccr.cleanroom;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.depa.ccr.agent.Agent;
import org.depa.ccr.agent.BridgeKeySource;
import org.depa.ccr.agent.DpTrainer;
import org.depa.ccr.agent.EvidenceSource;
import org.depa.ccr.agent.SpecSource;
import org.depa.ccr.agent.Trainer;
import org.depa.dataset.SealedSpec;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * One launch of a job's clean room: the job checked against the ledger, the sealed spec read (opened
 * by the first run, with the key the TDC's bridge releases to it), then the agent's run of each contract (a run resumes from its journal in the
 * workspace; several contracts share one training, {@link JointTraining}), then
 * {@code output/outputs.json}. Workspace layout: {@code spec/} (owner-only),
 * {@code runs/<contractId>/} (the agent's journal and work), {@code output/} (sealed files),
 * {@code progress.json}, {@code agent.log}.
 */
final class CleanRoom {
    private final LaunchConfig config;
    private final ImageConfig image;
    private final TypedLedger ledger;
    private final PrintStream log;
    private final BridgeKeySource keys = new BridgeKeySource(KeyReleaseClient.create());

    CleanRoom(LaunchConfig config, ImageConfig image, TypedLedger ledger, PrintStream log) {
        this.config = Objects.requireNonNull(config, "config");
        this.image = Objects.requireNonNull(image, "image");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The run id of {@code contractId}'s run in job {@code jobId}: the same on every launch. */
    static String runId(String jobId, String contractId) {
        return jobId + "-" + contractId;
    }

    List<OutputsFile.RunOutput> run() {
        TrainingJob job = JobCheck.check(ledger, config);
        log.println("clean room: job " + job.jobId() + " (" + job.status() + "), "
                + job.contractIds().size() + " contract(s), attempt " + config.attempt());
        Path ws = config.workspace();
        SpecSource spec = specSource(job);
        Trainer dp = new DpTrainer(new ProgressFile(ws, job.jobId(), image.clock(), log));
        List<OutputsFile.RunOutput> outputs;
        if (job.contractIds().size() == 1) {
            String contractId = job.contractIds().get(0);
            outputs = List.of(runOne(job, contractId, spec, dp, image.evidence()));
        } else {
            outputs = runJointly(job, spec, new JointTraining(job.contractIds().size(), dp, ws.resolve("training")));
        }
        OutputsFile.write(ws.resolve("output"), job.jobId(), outputs);
        return outputs;
    }

    /**
     * How the runs get the spec: the TDC's sealed spec, opened with the key its bridge releases to the first run
     * that needs it; or, only under the image's development switch {@code spec.unsealed=allow}, a bundle in clear.
     */
    private SpecSource specSource(TrainingJob job) {
        Path ws = config.workspace();
        byte[] file = SpecBundle.read(job.sealedSpecUri(), SealedSpec.MAX_BUNDLE_BYTES + 64 * 1024, ws);
        if (SealedSpecSource.isSealed(file)) {
            return SealedSpecSource.of(job, file, ws, keys, log);
        }
        if (!image.unsealedSpecAllowed()) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.MODEL_SPEC,
                    "the spec at job " + job.jobId() + "'s sealedSpecUri is not sealed (depa job seal-spec); this"
                            + " image takes only a spec sealed by the TDC and released by its bridge (the"
                            + " development switch spec.unsealed=allow in agent.properties would take it in clear)");
        }
        if (file.length > SpecBundle.MAX_BYTES) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.MODEL_SPEC, "the spec bundle is over " + SpecBundle.MAX_BYTES + " bytes");
        }
        log.println("clean room: WARNING the spec reached this clean room UNSEALED (development switch"
                + " spec.unsealed=allow)");
        SpecBundle.Opened opened = SpecBundle.write(file, ws, "at the job's sealedSpecUri");
        return (settings, evidence, runKey) -> settings.withModelSpecSalt(opened.salt());
    }

    /**
     * A job over several contracts: one agent run per contract, concurrently, sharing one training
     * ({@link JointTraining}); the first failure abandons the training for the others, and is thrown
     * once every run has ended.
     */
    private List<OutputsFile.RunOutput> runJointly(TrainingJob job, SpecSource spec, JointTraining joint) {
        EvidenceSource evidence = new SerialEvidence(image.evidence());
        ExecutorService pool = Executors.newFixedThreadPool(job.contractIds().size());
        try {
            List<Future<OutputsFile.RunOutput>> runs = new ArrayList<>();
            for (String contractId : job.contractIds()) {
                runs.add(pool.submit(() -> {
                    try {
                        return runOne(job, contractId, spec, joint, evidence);
                    } catch (RuntimeException e) {
                        joint.abandon("the run of contract " + contractId + " failed");
                        throw e;
                    }
                }));
            }
            List<OutputsFile.RunOutput> outputs = new ArrayList<>();
            RuntimeException first = null;
            for (Future<OutputsFile.RunOutput> f : runs) {
                try {
                    outputs.add(f.get());
                } catch (ExecutionException e) {
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    // The run that failed first names the cause; the others only say they were abandoned.
                    if (first == null || first.getMessage().contains("abandoned")) {
                        first = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CleanRoomException(CleanRoomException.Stage.JOB, "interrupted");
                }
            }
            if (first != null) {
                throw first;
            }
            return outputs;
        } finally {
            pool.shutdownNow();
        }
    }

    private OutputsFile.RunOutput runOne(
            TrainingJob job, String contractId, SpecSource spec, Trainer trainer, EvidenceSource evidence) {
        Path ws = config.workspace();
        String runId = runId(job.jobId(), contractId);
        Agent.Settings settings = new Agent.Settings(
                        runId,
                        contractId,
                        config.ccrProviderId(),
                        image.domain(),
                        ws.resolve("runs").resolve(contractId),
                        ws.resolve("output"),
                        SpecBundle.specFile(ws),
                        image.clock())
                .forJob(job.jobId(), job.modelSpecCommitment());
        Agent.Result r = new Agent(settings, ledger, evidence, keys, config.ciphertexts(), spec, trainer, log).run();
        log.println("clean room: run " + runId + " receipt " + r.receipt().txId() + (r.resumed() ? " (resumed)" : ""));
        return new OutputsFile.RunOutput(runId, contractId, r);
    }
}
