package org.depa.ccr.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;

/**
 * One training run in the clean room, step by step: check the contract itself; attest and record
 * the run's start with a fresh run key; obtain each dataset key; fetch, hash-check and decrypt
 * each dataset; train within the contract's privacy limits; seal the model and report to the TDC;
 * sign and submit the receipt.
 *
 * <p>Crash safety: the journal in the work directory holds the run key and the last completed
 * step, and every ledger write is preceded by a ledger read that tells whether it already
 * happened. An agent killed at any point and started again with the same settings finishes the
 * run or fails it; it never starts a second run, submits a second receipt, or spends twice.
 */
public final class Agent {
    /** Everything a run needs besides its collaborators. */
    public record Settings(
            String runId,
            String contractId,
            String ccrProviderId,
            SigningPayloads.Domain domain,
            Path workDir,
            Path outputDir,
            Path modelSpec,
            Clock clock) {
        public Settings {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(contractId, "contractId");
            Objects.requireNonNull(ccrProviderId, "ccrProviderId");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(outputDir, "outputDir");
            Objects.requireNonNull(modelSpec, "modelSpec");
            Objects.requireNonNull(clock, "clock");
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
    private final Trainer trainer;
    private final PrintStream log;

    public Agent(
            Settings settings,
            TypedLedger ledger,
            EvidenceSource evidence,
            KeySource keys,
            Trainer trainer,
            PrintStream log) {
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
        RunJournal journal = RunJournal.open(settings.workDir(), settings.runId(), settings.contractId());
        boolean resumed = journal != null;
        if (journal == null) {
            Credentials runKey = Credentials.generate(
                    SignatureAlgorithm.ECDSA_P384_SHA384,
                    "run " + settings.runId(),
                    settings.clock().instant().minus(Duration.ofMinutes(5)),
                    settings.clock().instant().plus(Duration.ofDays(30)));
            journal = RunJournal.create(
                    settings.workDir(),
                    new RunJournal.State(
                            settings.runId(),
                            settings.contractId(),
                            runKey.privateKeyPem(),
                            runKey.publicKeyPem(),
                            null,
                            Step.NEW,
                            null,
                            null));
        } else {
            log.println("ccr-agent: resuming run " + settings.runId() + " after step "
                    + journal.state().step());
        }
        Step step = journal.state().step();
        if (step == Step.DONE) {
            return finished(journal, true);
        }
        if (step == Step.FAILED) {
            throw new AgentException(
                    Stage.JOURNAL,
                    "run '" + settings.runId() + "' failed earlier: "
                            + journal.state().failure());
        }

        // A restart after the receipt committed: the ledger already has the answer; the contract
        // is COMPLETED by then, so it must be asked before the contract is checked.
        if (resumed && step != Step.NEW && existingReceipt() != null) {
            TrainingRun done = existingRun();
            if (done != null && done.runPublicKeyPem().equals(journal.state().runPublicKeyPem())) {
                journal.advance(Step.DONE);
                return finished(journal, true);
            }
        }

        // 1. Attest, and check our own evidence as a TDP will: it must verify and carry our binding.
        byte[] startData = RunBinding.reportData(
                settings.runId(), settings.contractId(), journal.state().runPublicKeyPem());
        EvidenceSource.Evidence start = evidence.evidence(startData);
        Verdict own = SnpVerifier.create(evidence.verifierOptions())
                .verify(
                        start.report(),
                        start.chain(),
                        VerificationPolicy.defaults().withExpectedReportData(startData));
        if (!own.accepted()) {
            throw new AgentException(
                    Stage.ATTESTATION, "this clean room's own report does not verify: " + own.reasons());
        }
        String measurement = own.measurementHex();
        String startReportSha256 = journal.state().startReportSha256() != null
                ? journal.state().startReportSha256()
                : Hashes.sha256Hex(start.report());

        // 2. The contract, checked here.
        ContractVerifier.Verified verified = new ContractVerifier(ledger, settings.domain())
                .verify(
                        settings.contractId(),
                        settings.ccrProviderId(),
                        measurement,
                        settings.clock().instant());
        ContractRecord contract = verified.contract();
        log.println("ccr-agent: contract " + contract.contractId() + " v" + contract.version() + " ACTIVE, "
                + contract.parties().size() + " signatures verified, measurement " + measurement.substring(0, 16)
                + "... allowed");

        // 3. The run's start, once.
        TrainingRun run = startOnce(journal, measurement, startReportSha256);
        if (run.status() == RunStatus.COMPLETED) {
            journal.advance(Step.DONE);
            return finished(journal, resumed);
        }
        if (run.status() != RunStatus.STARTED) {
            throw new AgentException(Stage.RUN_START, "run '" + run.runId() + "' is " + run.status());
        }
        try {
            return train(journal, contract, verified, resumed);
        } catch (AgentException e) {
            if (e.stage() == Stage.KEY_RELEASE
                    || e.stage() == Stage.DATASET
                    || e.stage() == Stage.SEALING
                    || e.stage() == Stage.TRAINING) {
                failRun(journal, e.getMessage());
            }
            throw e;
        }
    }

    private Result train(
            RunJournal journal, ContractRecord contract, ContractVerifier.Verified verified, boolean resumed) {
        Path plainDir = settings.workDir().resolve("plain");
        List<Trainer.Table> tables = new ArrayList<>();
        for (DatasetClause clause : contract.terms().datasets()) {
            Dataset dataset;
            try {
                dataset = ledger.evaluate(Datasets.GET, clause.datasetId());
            } catch (LedgerException e) {
                throw new AgentException(
                        Stage.DATASET, "cannot read dataset '" + clause.datasetId() + "': " + e.getMessage(), e);
            }
            Path plain = plainDir.resolve(clause.datasetId() + ".csv");
            if (!Files.isRegularFile(plain)) {
                DatasetKey key = keys.obtain(dataset, settings.runId(), evidence);
                try {
                    decrypt(dataset, clause, key, plain);
                } finally {
                    key.destroy();
                }
                log.println("ccr-agent: " + clause.datasetId() + " key released by " + clause.tdpId()
                        + ", ciphertext hash matches the contract, decrypted");
            }
            tables.add(new Trainer.Table(clause.datasetId(), clause.joinColumn(), plain));
        }

        PrivacyConstraints limits = tightest(contract.terms().datasets());
        Trainer.Outcome outcome;
        try {
            outcome = trainer.train(new Trainer.Input(
                    tables, limits, settings.modelSpec(), settings.workDir().resolve("training")));
        } catch (AgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AgentException(Stage.TRAINING, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (outcome.epsilonSpent().compareTo(limits.epsilon()) > 0) {
            throw new AgentException(
                    Stage.TRAINING,
                    "the trainer reports epsilon " + outcome.epsilonSpent() + " above the contract's "
                            + limits.epsilon());
        }
        journal.advance(Step.TRAINED);

        // Seal what leaves the clean room to the TDC's registered key.
        String tdcPem = verified.parties().get(contract.terms().tdcId()).certificatePem();
        byte[] model;
        byte[] report;
        try {
            model = Files.readAllBytes(outcome.model());
            report = zip(outcome.reportDir());
            Files.createDirectories(settings.outputDir());
        } catch (IOException e) {
            throw new AgentException(Stage.SEALING, "cannot read the training output: " + e.getMessage(), e);
        }
        String modelSha256 = Hashes.sha256Hex(model);
        Path sealedModel = settings.outputDir().resolve(settings.runId() + ".model.jwe");
        Path sealedReport = settings.outputDir().resolve(settings.runId() + ".report.jwe");
        try {
            Files.writeString(
                    sealedModel, ModelSealer.seal(model, tdcPem, contract.contractId(), settings.runId(), "model"));
            Files.writeString(
                    sealedReport,
                    ModelSealer.seal(report, tdcPem, contract.contractId(), settings.runId(), "report.zip"));
        } catch (IOException e) {
            throw new AgentException(Stage.SEALING, "cannot write sealed output: " + e.getMessage(), e);
        }
        RunJournal.State s = journal.state();
        journal.update(new RunJournal.State(
                s.runId(),
                s.contractId(),
                s.runKeyPem(),
                s.runPublicKeyPem(),
                s.startReportSha256(),
                Step.SEALED,
                modelSha256,
                null));

        // The receipt, once: the ledger refuses a second, and we ask first.
        TrainingReceipt receipt = existingReceipt();
        if (receipt == null) {
            BigDecimal spent = reported(outcome.epsilonSpent(), limits.epsilon());
            List<ReceiptDataset> used = new ArrayList<>();
            for (DatasetClause c : contract.terms().datasets()) {
                used.add(new ReceiptDataset(c.datasetId(), c.ciphertextSha256(), spent));
            }
            ReceiptBody body = Requests.receipt(new ReceiptBody(
                    settings.runId(),
                    contract.contractId(),
                    modelSha256,
                    used,
                    new TreeMap<>(outcome.metrics()),
                    journal.state().startReportSha256()));
            String signature = Base64.getEncoder()
                    .encodeToString(LocalSigner.fromPem(journal.state().runKeyPem())
                            .sign(SigningPayloads.receipt(settings.domain(), body)));
            try {
                receipt = ledger.submit(
                        Runs.SUBMIT_RECEIPT, new SubmitReceiptRequest(settings.ccrProviderId(), body, signature));
            } catch (LedgerException e) {
                if (e.code() != ErrorCode.RECEIPT_EXISTS) {
                    throw new AgentException(Stage.RECEIPT, "receipt refused: " + e.getMessage(), e);
                }
                receipt = existingReceipt();
            }
        }
        journal.advance(Step.DONE);
        log.println("ccr-agent: receipt of run " + settings.runId() + " recorded in tx " + receipt.txId());
        return new Result(
                receipt,
                sealedModel,
                sealedReport,
                receipt.body().datasets().get(0).epsilonSpent(),
                resumed);
    }

    /** Starts the run unless the ledger already has it with our key (a restart after the start committed). */
    private TrainingRun startOnce(RunJournal journal, String measurement, String startReportSha256) {
        TrainingRun existing = existingRun();
        if (existing != null) {
            if (!existing.runPublicKeyPem().equals(journal.state().runPublicKeyPem())
                    || !existing.contractId().equals(settings.contractId())) {
                throw new AgentException(
                        Stage.RUN_START,
                        "run '" + settings.runId() + "' exists on the ledger with another key or contract");
            }
            if (journal.state().step() == Step.NEW) {
                journal.update(withStart(journal.state(), existing.reportSha256(), Step.STARTED));
            }
            return existing;
        }
        journal.update(withStart(journal.state(), startReportSha256, Step.NEW));
        try {
            TrainingRun run = ledger.submit(
                    Runs.START,
                    new StartRunRequest(
                            settings.runId(),
                            settings.contractId(),
                            settings.ccrProviderId(),
                            measurement,
                            startReportSha256,
                            journal.state().runPublicKeyPem()));
            journal.advance(Step.STARTED);
            log.println("ccr-agent: run " + run.runId() + " started in tx " + run.updatedTx());
            return run;
        } catch (LedgerException e) {
            throw new AgentException(Stage.RUN_START, "runs:start refused: " + e.getMessage(), e);
        }
    }

    private static RunJournal.State withStart(RunJournal.State s, String reportSha256, Step step) {
        return new RunJournal.State(
                s.runId(),
                s.contractId(),
                s.runKeyPem(),
                s.runPublicKeyPem(),
                reportSha256,
                step,
                s.modelSha256(),
                s.failure());
    }

    private TrainingRun existingRun() {
        try {
            return ledger.evaluate(Runs.GET, settings.runId());
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw new AgentException(
                    Stage.RUN_START, "cannot read run '" + settings.runId() + "': " + e.getMessage(), e);
        }
    }

    private TrainingReceipt existingReceipt() {
        try {
            return ledger.evaluate(Runs.GET_RECEIPT, settings.runId());
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw new AgentException(
                    Stage.RECEIPT, "cannot read the receipt of '" + settings.runId() + "': " + e.getMessage(), e);
        }
    }

    private Result finished(RunJournal journal, boolean resumed) {
        TrainingReceipt r = existingReceipt();
        if (r == null) {
            throw new AgentException(
                    Stage.JOURNAL, "journal says done but the ledger has no receipt for '" + settings.runId() + "'");
        }
        return new Result(
                r,
                settings.outputDir().resolve(settings.runId() + ".model.jwe"),
                settings.outputDir().resolve(settings.runId() + ".report.jwe"),
                r.body().datasets().get(0).epsilonSpent(),
                resumed);
    }

    private void failRun(RunJournal journal, String reason) {
        String r = reason.length() > 480 ? reason.substring(0, 480) : reason;
        try {
            ledger.submit(Runs.FAIL, new FailRunRequest(settings.runId(), settings.ccrProviderId(), r));
        } catch (LedgerException e) {
            log.println("ccr-agent: could not record the failure on the ledger: " + e.getMessage());
        }
        RunJournal.State s = journal.state();
        journal.update(new RunJournal.State(
                s.runId(),
                s.contractId(),
                s.runKeyPem(),
                s.runPublicKeyPem(),
                s.startReportSha256(),
                Step.FAILED,
                s.modelSha256(),
                r));
    }

    /** Fetches the ciphertext, checks it is the one every party signed, and decrypts it. */
    private static void decrypt(Dataset dataset, DatasetClause clause, DatasetKey key, Path plain) {
        URI location = URI.create(dataset.encryptedLocation());
        if (!"file".equals(location.getScheme())) {
            throw new AgentException(
                    Stage.DATASET,
                    "dataset '" + dataset.id() + "': only file: locations are supported, got " + location.getScheme());
        }
        Path ciphertext = Path.of(location);
        String actual;
        try (InputStream in = Files.newInputStream(ciphertext)) {
            actual = Hashes.sha256Hex(in.readAllBytes());
        } catch (IOException e) {
            throw new AgentException(
                    Stage.DATASET,
                    "dataset '" + dataset.id() + "': cannot read " + ciphertext + ": " + e.getMessage(),
                    e);
        }
        if (!actual.equals(clause.ciphertextSha256())) {
            throw new AgentException(
                    Stage.DATASET,
                    "dataset '" + dataset.id() + "': ciphertext sha256 " + actual + " differs from the contract's "
                            + clause.ciphertextSha256());
        }
        try {
            Files.createDirectories(plain.getParent());
            DatasetCipher.create(key).decryptFile(ciphertext, plain, dataset.id());
        } catch (IOException e) {
            throw new AgentException(Stage.DATASET, "dataset '" + dataset.id() + "': " + e.getMessage(), e);
        }
    }

    /** The limits every clause allows at once. */
    static PrivacyConstraints tightest(List<DatasetClause> clauses) {
        BigDecimal epsilon = null;
        BigDecimal delta = null;
        BigDecimal norm = null;
        BigDecimal noise = null;
        Integer epochs = null;
        for (DatasetClause c : clauses) {
            PrivacyConstraints p = c.privacy();
            epsilon = epsilon == null ? p.epsilon() : epsilon.min(p.epsilon());
            delta = delta == null ? p.delta() : delta.min(p.delta());
            norm = p.maxGradNorm() == null ? norm : norm == null ? p.maxGradNorm() : norm.min(p.maxGradNorm());
            noise = p.noiseMultiplier() == null
                    ? noise
                    : noise == null ? p.noiseMultiplier() : noise.max(p.noiseMultiplier());
            epochs = p.epochs() == null
                    ? epochs
                    : epochs == null ? p.epochs() : Integer.valueOf(Math.min(epochs, p.epochs()));
        }
        return new PrivacyConstraints(epsilon, delta, norm, noise, epochs);
    }

    /**
     * The epsilon the receipt reports: the accountant's figure rounded up to six decimals, so the
     * ledger never records less than was spent; capped at the budget, which the accountant's figure
     * never exceeds.
     */
    static BigDecimal reported(BigDecimal spent, BigDecimal budget) {
        BigDecimal up = spent.setScale(6, RoundingMode.CEILING).stripTrailingZeros();
        return up.compareTo(budget) > 0 ? budget : up.scale() < 0 ? up.setScale(0) : up;
    }

    private static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .toList()) {
                ZipEntry e = new ZipEntry(dir.relativize(p).toString().replace('\\', '/'));
                e.setTime(0L); // same bytes for the same report
                zip.putNextEntry(e);
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
