package org.depa.ccr.cleanroom;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.depa.ccr.agent.Agent;
import org.depa.ccr.agent.BridgeKeySource;
import org.depa.ccr.agent.DpTrainer;
import org.depa.ccr.agent.Trainer;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * One launch of a job's clean room: the job checked against the ledger, the spec and its salt
 * received, then the agent's run of each contract (a run resumes from its journal in the
 * workspace), then {@code output/outputs.json}. Workspace layout: {@code spec/} (owner-only),
 * {@code runs/<contractId>/} (the agent's journal and work), {@code output/} (sealed files),
 * {@code progress.json}, {@code agent.log}.
 */
final class CleanRoom {
    private final LaunchConfig config;
    private final ImageConfig image;
    private final TypedLedger ledger;
    private final PrintStream log;

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
        if (job.contractIds().size() != 1) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.JOB,
                    "job '" + job.jobId() + "' names " + job.contractIds().size()
                            + " contracts; this clean room trains a job of one contract");
        }
        log.println("clean room: job " + job.jobId() + " (" + job.status() + "), attempt " + config.attempt());
        SpecBundle.Opened spec = SpecBundle.fetch(job.sealedSpecUri(), config.workspace());
        Path ws = config.workspace();
        Trainer trainer = new DpTrainer(new ProgressFile(ws, job.jobId(), image.clock(), log));
        List<OutputsFile.RunOutput> outputs = new ArrayList<>();
        for (String contractId : job.contractIds()) {
            String runId = runId(job.jobId(), contractId);
            Agent.Settings settings = new Agent.Settings(
                            runId,
                            contractId,
                            config.ccrProviderId(),
                            image.domain(),
                            ws.resolve("runs").resolve(contractId),
                            ws.resolve("output"),
                            spec.specFile(),
                            image.clock())
                    .forJob(job.jobId(), job.modelSpecCommitment())
                    .withModelSpecSalt(spec.salt());
            Agent.Result r = new Agent(
                            settings,
                            ledger,
                            image.evidence(),
                            new BridgeKeySource(KeyReleaseClient.create()),
                            trainer,
                            log)
                    .run();
            log.println(
                    "clean room: run " + runId + " receipt " + r.receipt().txId() + (r.resumed() ? " (resumed)" : ""));
            outputs.add(new OutputsFile.RunOutput(runId, contractId, r));
        }
        OutputsFile.write(ws.resolve("output"), job.jobId(), outputs);
        return outputs;
    }
}
