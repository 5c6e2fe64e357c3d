package org.depa.ccr.agent;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.TrainingReceipt;

/**
 * One training run in the clean room, step by step: check the contract itself; attest and record
 * the run's start with a fresh run key; obtain each dataset key; fetch, hash-check and decrypt
 * each dataset; train within the contract's privacy limits; seal the model and report to the TDC;
 * sign and submit the receipt.
 *
 * <p>Crash safety: the journal in the work directory holds the run key and the last completed
 * step, and {@link RunLoop} continues with the step after it. Every ledger write is preceded by a
 * ledger read that tells whether it already happened. An agent killed at any point and started
 * again with the same settings finishes the run or fails it; it never starts a second run, submits
 * a second receipt, or spends twice. The decrypted datasets ({@code work/plain}, owner-only) are
 * removed when {@link #run()} returns or throws ({@link Plaintexts}).
 */
public final class Agent {
    /**
     * Everything a run needs besides its collaborators.
     *
     * @param jobId the training job this run serves (issue 11), or null for a run outside a job;
     *     {@code runs:start} and the receipt then name it, and the receipt its commitment
     * @param modelSpecCommitment the job's model-spec commitment (null exactly when jobId is)
     * @param modelSpec the TDC's model spec as opened in the clean room; checked against the
     *     contract's {@code modelSpecCommitment} and the shared validator before any dataset key is
     *     asked for ({@link SpecCheck})
     * @param modelSpecSalt the commitment's salt (64 hex digits), released to the clean room with the
     *     spec; required when the contract's terms carry a commitment, null otherwise
     */
    public record Settings(
            String runId,
            String contractId,
            String ccrProviderId,
            SigningPayloads.Domain domain,
            Path workDir,
            Path outputDir,
            Path modelSpec,
            Clock clock,
            String jobId,
            String modelSpecCommitment,
            String modelSpecSalt) {
        /** A run outside a job. */
        public Settings(
                String runId,
                String contractId,
                String ccrProviderId,
                SigningPayloads.Domain domain,
                Path workDir,
                Path outputDir,
                Path modelSpec,
                Clock clock) {
            this(runId, contractId, ccrProviderId, domain, workDir, outputDir, modelSpec, clock, null, null, null);
        }

        /** These settings for a run of training job {@code job}, whose terms commit to {@code commitment}. */
        public Settings forJob(String job, String commitment) {
            return new Settings(
                    runId,
                    contractId,
                    ccrProviderId,
                    domain,
                    workDir,
                    outputDir,
                    modelSpec,
                    clock,
                    Objects.requireNonNull(job, "jobId"),
                    Objects.requireNonNull(commitment, "modelSpecCommitment"),
                    modelSpecSalt);
        }

        /** These settings with the salt that opens the commitment (64 hex digits), released with the spec. */
        public Settings withModelSpecSalt(String salt) {
            return new Settings(
                    runId,
                    contractId,
                    ccrProviderId,
                    domain,
                    workDir,
                    outputDir,
                    modelSpec,
                    clock,
                    jobId,
                    modelSpecCommitment,
                    Objects.requireNonNull(salt, "salt"));
        }

        public Settings {
            if ((jobId == null) != (modelSpecCommitment == null)) {
                throw new IllegalArgumentException("jobId and modelSpecCommitment: both or neither");
            }
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(contractId, "contractId");
            Objects.requireNonNull(ccrProviderId, "ccrProviderId");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(outputDir, "outputDir");
            Objects.requireNonNull(modelSpec, "modelSpec");
            Objects.requireNonNull(clock, "clock");
        }

        @Override
        public String toString() {
            // The salt keeps the commitment hiding: never printed.
            return "Settings[runId=" + runId + ", contractId=" + contractId + ", ccrProviderId=" + ccrProviderId
                    + ", jobId=" + jobId + ", modelSpecCommitment=" + modelSpecCommitment + ", workDir=" + workDir
                    + ", modelSpec=" + modelSpec + ", salt="
                    + (modelSpecSalt == null ? "none" : "given") + "]";
        }
    }

    /**
     * What a finished run leaves: the receipt on the ledger and the sealed files for the TDC.
     *
     * @param resumed whether this invocation continued a run an earlier one had begun
     */
    public record Result(
            TrainingReceipt receipt, Path sealedModel, Path sealedReport, BigDecimal epsilonSpent, boolean resumed) {}

    private final Settings settings;
    private final TypedLedger ledger;
    private final EvidenceSource evidence;
    private final KeySource keys;
    private final CiphertextSource ciphertexts;
    private final Trainer trainer;
    private final PrintStream log;
    private final SpecSource specs;

    /** An agent fetching {@code file:} locations only (https ones are refused: no TLS trust given). */
    public Agent(
            Settings settings,
            TypedLedger ledger,
            EvidenceSource evidence,
            KeySource keys,
            Trainer trainer,
            PrintStream log) {
        this(settings, ledger, evidence, keys, CiphertextSource.locations(null), SpecSource.given(), trainer, log);
    }

    /** As above, fetching ciphertexts through {@code ciphertexts} (https locations with the operator's trust). */
    public Agent(
            Settings settings,
            TypedLedger ledger,
            EvidenceSource evidence,
            KeySource keys,
            CiphertextSource ciphertexts,
            Trainer trainer,
            PrintStream log) {
        this(settings, ledger, evidence, keys, ciphertexts, SpecSource.given(), trainer, log);
    }

    /** As above, with the spec opened by {@code specs} once the run has started (a training job's sealed spec). */
    public Agent(
            Settings settings,
            TypedLedger ledger,
            EvidenceSource evidence,
            KeySource keys,
            SpecSource specs,
            Trainer trainer,
            PrintStream log) {
        this(settings, ledger, evidence, keys, CiphertextSource.locations(null), specs, trainer, log);
    }

    /** An agent with both the ciphertexts' source and the spec's. */
    public Agent(
            Settings settings,
            TypedLedger ledger,
            EvidenceSource evidence,
            KeySource keys,
            CiphertextSource ciphertexts,
            SpecSource specs,
            Trainer trainer,
            PrintStream log) {
        this.ciphertexts = Objects.requireNonNull(ciphertexts, "ciphertexts");
        this.specs = Objects.requireNonNull(specs, "specs");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.log = Objects.requireNonNull(log, "log");
    }

    public Result run() {
        if (evidence.emulated()) {
            log.println("ccr-agent: WARNING attestation is EMULATED (development switch); no production TDP"
                    + " key-release service will trust these reports");
        }
        JournalOpener.Opened opened = new JournalOpener(settings, log).openOrBegin();
        RunSteps steps = RunSteps.wire(settings, ledger, evidence, keys, ciphertexts, specs, trainer, log);
        TrainingReceipt receipt;
        try {
            receipt = new RunLoop(settings, steps).finish(opened.journal());
        } finally {
            // The decrypted datasets do not outlive the invocation, whatever its outcome.
            Plaintexts.remove(Plaintexts.dir(settings), log);
        }
        return new Result(
                receipt,
                OutputSealer.sealedModel(settings),
                OutputSealer.sealedReport(settings),
                receipt.body().datasets().get(0).epsilonSpent(),
                opened.resumed());
    }
}
