package org.depa.ccr.cleanroom;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;
import org.depa.ccr.agent.Agent;
import org.depa.ccr.agent.AgentException;
import org.depa.ccr.agent.BridgeKeySource;
import org.depa.ccr.agent.EvidenceSource;
import org.depa.ccr.agent.SpecSource;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.SealedSpec;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The TDC's sealed spec opened inside the clean room, once a run of the job has started: the sealed file read from
 * the job's {@code sealedSpecUri}, its header checked against the job (its TDC, its commitment), the spec key asked
 * from the TDC's bridge the header names (which releases it only to an attested run of this TDC's job with this
 * commitment, and records the release on the ledger), the ciphertext opened (it authenticates the TDC and commitment
 * it was sealed for), and the bundle written owner-only into the workspace's {@code spec/}. The agent's
 * {@code SpecCheck} then checks it opens the commitment every party signed and passes the validator. Opened once per
 * launch: the runs of a job over several contracts share it.
 */
final class SealedSpecSource implements SpecSource {
    private final TrainingJob job;
    private final SealedSpec.Sealed sealed;
    private final java.nio.file.Path workspace;
    private final BridgeKeySource bridge;
    private final PrintStream log;
    private SpecBundle.Opened opened;

    private SealedSpecSource(
            TrainingJob job,
            SealedSpec.Sealed sealed,
            java.nio.file.Path workspace,
            BridgeKeySource bridge,
            PrintStream log) {
        this.job = job;
        this.sealed = sealed;
        this.workspace = workspace;
        this.bridge = bridge;
        this.log = log;
    }

    /** Whether {@code file} is a sealed spec (its first line), as opposed to a bundle in clear. */
    static boolean isSealed(byte[] file) {
        byte[] magic = (SealedSpec.MAGIC + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return file.length >= magic.length
                && java.util.Arrays.equals(java.util.Arrays.copyOf(file, magic.length), magic);
    }

    /** The job's sealed spec read and its header checked against the job; nothing asked of any bridge yet. */
    static SealedSpecSource of(
            TrainingJob job, byte[] file, java.nio.file.Path workspace, BridgeKeySource bridge, PrintStream log) {
        SealedSpec.Sealed sealed;
        try {
            sealed = SealedSpec.read(file);
        } catch (IllegalArgumentException e) {
            throw spec("the job's sealed spec is unreadable: " + e.getMessage());
        }
        if (!sealed.header().commitment().equals(job.modelSpecCommitment())) {
            throw spec("the sealed spec at the job's sealedSpecUri is sealed for commitment "
                    + sealed.header().commitment() + ", not job " + job.jobId() + "'s modelSpecCommitment "
                    + job.modelSpecCommitment());
        }
        if (!sealed.header().tdcId().equals(job.tdcId())) {
            throw spec("the sealed spec names TDC '" + sealed.header().tdcId() + "', not job " + job.jobId()
                    + "'s TDC '" + job.tdcId() + "'");
        }
        return new SealedSpecSource(
                job,
                sealed,
                Objects.requireNonNull(workspace),
                Objects.requireNonNull(bridge),
                Objects.requireNonNull(log));
    }

    @Override
    public synchronized Agent.Settings open(Agent.Settings settings, EvidenceSource evidence, RunKeySigner runKey) {
        if (opened == null) {
            DatasetKey key = bridge.obtainSpecKey(
                    sealed.header().kmsEndpoint(), job.jobId(), settings.runId(), evidence, runKey);
            byte[] bundle;
            try {
                bundle = SealedSpec.open(sealed, key);
            } catch (IOException | RuntimeException e) {
                throw spec("the sealed spec does not open with the key the TDC's bridge released (sealed with"
                        + " another key, or altered)");
            } finally {
                key.destroy();
            }
            try {
                opened = SpecBundle.write(bundle, workspace, "in the sealed spec");
            } finally {
                java.util.Arrays.fill(bundle, (byte) 0);
            }
            log.println("clean room: spec key released by " + job.tdcId() + "'s bridge to run " + settings.runId()
                    + ", sealed spec opened");
        }
        if (!opened.specFile().equals(settings.modelSpec())) {
            throw new IllegalStateException("the run's modelSpec is not the workspace's opened spec");
        }
        return settings.withModelSpecSalt(opened.salt());
    }

    private static AgentException spec(String message) {
        return new AgentException(AgentException.Stage.MODEL_SPEC, message);
    }
}
