package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.zip.ZipInputStream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.depa.ccr.agent.RunJournal.Step;
import org.depa.ledger.model.Hashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSealerTest {
    @TempDir
    Path dir;

    AgentWorld a;
    StepKit kit;
    RunJournal journal;
    Admission.Admitted admitted;

    @BeforeEach
    void trained() throws Exception {
        a = new AgentWorld(dir);
        kit = new StepKit(a, "run-1", dir.resolve("work"), new JoiningTrainer("0.5", 0));
        journal = kit.started();
        admitted = kit.admit(journal);
        kit.steps.training().train(journal, admitted);
    }

    @AfterEach
    void close() {
        a.close();
    }

    @Test
    void sealsModelAndReportToTheTdcAndJournalsTheModelsHash() throws Exception {
        kit.steps.sealer().seal(journal, admitted);

        byte[] model = Files.readAllBytes(dir.resolve("work/training/model.bin"));
        assertThat(journal.step()).isEqualTo(Step.SEALED);
        assertThat(journal.state().modelSha256()).isEqualTo(Hashes.sha256Hex(model));
        assertThat(openAsTdc(dir.resolve("out/run-1.model.jwe"))).isEqualTo(model);
        try (ZipInputStream zip =
                new ZipInputStream(new ByteArrayInputStream(openAsTdc(dir.resolve("out/run-1.report.jwe"))))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("report.md");
        }
        assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.tmp");
    }

    /** Sealing again, after a kill before the journal said SEALED, replaces the files with the same content. */
    @Test
    void sealingAgainReplacesTheSameContent() throws Exception {
        kit.steps.sealer().seal(journal, admitted);
        String firstHash = journal.state().modelSha256();
        journal.advance(Step.TRAINED);
        kit.steps.sealer().seal(journal, admitted);

        assertThat(journal.state().modelSha256()).isEqualTo(firstHash);
        assertThat(Hashes.sha256Hex(openAsTdc(dir.resolve("out/run-1.model.jwe"))))
                .isEqualTo(firstHash);
    }

    @Test
    void theReportZipIsTheSameBytesForTheSameReport() throws Exception {
        Path report = dir.resolve("work/training/report");
        assertThat(OutputSealer.zip(report)).isEqualTo(OutputSealer.zip(report));
    }

    @Test
    void refusesWhenTheTrainingOutputIsGone() throws Exception {
        Files.delete(dir.resolve("work/training/model.bin"));
        assertThatThrownBy(() -> kit.steps.sealer().seal(journal, admitted))
                .isInstanceOfSatisfying(
                        AgentException.class, e -> assertThat(e.stage()).isEqualTo(Stage.SEALING))
                .hasMessageContaining("cannot read the training output");
        assertThat(journal.step()).isEqualTo(Step.TRAINED);
    }

    byte[] openAsTdc(Path sealed) throws Exception {
        PrivateKeyInfo info;
        try (PEMParser p = new PEMParser(new StringReader(a.tdc.credentials().privateKeyPem()))) {
            info = (PrivateKeyInfo) p.readObject();
        }
        ECPrivateKey key = (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
        JWEObject jwe = JWEObject.parse(Files.readString(sealed));
        jwe.decrypt(new ECDHDecrypter(key));
        return jwe.getPayload().toBytes();
    }
}
