package org.depa.ccr.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.ContractRecord;

/**
 * TRAINED to SEALED: the model and the zipped report, each sealed to the TDC's registered key
 * ({@link ModelSealer}) into the output directory, then the model's hash into the journal for the
 * receipt. The sealed files are written whole before the journal moves on; sealing again after a
 * kill before that only replaces them.
 */
final class OutputSealer {
    private final Agent.Settings settings;
    private final TrainingStep training;

    OutputSealer(Agent.Settings settings, TrainingStep training) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.training = Objects.requireNonNull(training, "training");
    }

    static Path sealedModel(Agent.Settings settings) {
        return settings.outputDir().resolve(settings.runId() + ".model.jwe");
    }

    static Path sealedReport(Agent.Settings settings) {
        return settings.outputDir().resolve(settings.runId() + ".report.jwe");
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
        String sealedModel = ModelSealer.seal(model, tdcPem, contract.contractId(), settings.runId(), "model");
        String sealedReport = ModelSealer.seal(report, tdcPem, contract.contractId(), settings.runId(), "report.zip");
        try {
            AtomicFile.write(sealedModel(settings), sealedModel.getBytes(StandardCharsets.UTF_8), false);
            AtomicFile.write(sealedReport(settings), sealedReport.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new AgentException(Stage.SEALING, "cannot write sealed output: " + e.getMessage(), e);
        }
        journal.update(journal.state().withModelSha256(Hashes.sha256Hex(model)).withStep(Step.SEALED));
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
