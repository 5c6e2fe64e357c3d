package org.depa.ccr.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.dataset.OutputSeal;
import org.depa.dataset.OutputSealException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.ContractRecord;

/**
 * TRAINED to SEALED: the model and the zipped report, each sealed into the output directory: for a
 * training job's run to the job's output key ({@link OutputKeys}, {@link OutputSeal}: ECDH, HKDF,
 * AES-GCM), for a run outside a job to the TDC's registered certificate ({@link ModelSealer}, a JWE), then the model's hash into the journal for the
 * receipt. The sealed files are written whole before the journal moves on; sealing again after a
 * kill before that only replaces them.
 */
final class OutputSealer {
    private final Agent.Settings settings;
    private final TrainingStep training;
    private final TypedLedger ledger;

    OutputSealer(Agent.Settings settings, TrainingStep training, TypedLedger ledger) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.training = Objects.requireNonNull(training, "training");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** A job's run: sealed to the job's output key ({@link OutputSeal}); a run outside a job: a JWE to the TDC. */
    static Path sealedModel(Agent.Settings settings) {
        return settings.outputDir()
                .resolve(settings.runId() + (settings.jobId() == null ? ".model.jwe" : ".model.sealed"));
    }

    static Path sealedReport(Agent.Settings settings) {
        return settings.outputDir()
                .resolve(settings.runId() + (settings.jobId() == null ? ".report.jwe" : ".report.zip.sealed"));
    }

    void seal(RunJournal journal, Admission.Admitted admitted) {
        Trainer.Outcome outcome = training.outcome(admitted);
        ContractRecord contract = admitted.contract();
        String tdcPem = admitted.tdcCertificatePem();
        byte[] model;
        byte[] report;
        try {
            model = Files.readAllBytes(outcome.model());
            report = zip(outcome.reportDir());
            Files.createDirectories(settings.outputDir());
        } catch (IOException e) {
            throw new AgentException(Stage.SEALING, "cannot read the training output: " + e.getMessage(), e);
        }
        byte[] sealedModel;
        byte[] sealedReport;
        if (settings.jobId() == null) {
            sealedModel = ModelSealer.seal(model, tdcPem, contract.contractId(), settings.runId(), "model")
                    .getBytes(StandardCharsets.UTF_8);
            sealedReport = ModelSealer.seal(report, tdcPem, contract.contractId(), settings.runId(), "report.zip")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            PublicKey outputKey = OutputKeys.of(ledger, settings.jobId());
            sealedModel = sealToJob(model, outputKey, contract.contractId(), "model");
            sealedReport = sealToJob(report, outputKey, contract.contractId(), "report.zip");
        }
        try {
            AtomicFile.write(sealedModel(settings), sealedModel, false);
            AtomicFile.write(sealedReport(settings), sealedReport, false);
        } catch (IOException e) {
            throw new AgentException(Stage.SEALING, "cannot write sealed output: " + e.getMessage(), e);
        }
        journal.update(journal.state().withModelSha256(Hashes.sha256Hex(model)).withStep(Step.SEALED));
    }

    private byte[] sealToJob(byte[] content, PublicKey key, String contractId, String name) {
        try {
            return OutputSeal.seal(
                    content,
                    key,
                    Map.of(
                            "jobId",
                            settings.jobId(),
                            "runId",
                            settings.runId(),
                            "contractId",
                            contractId,
                            "name",
                            name));
        } catch (OutputSealException e) {
            throw new AgentException(Stage.SEALING, e.getMessage(), e);
        }
    }

    /** The report directory as one zip, entries sorted and undated: the same report gives the same bytes. */
    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .toList()) {
                ZipEntry e = new ZipEntry(dir.relativize(p).toString().replace('\\', '/'));
                e.setTime(0L);
                zip.putNextEntry(e);
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
