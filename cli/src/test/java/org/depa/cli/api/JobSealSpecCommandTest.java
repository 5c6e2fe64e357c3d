package org.depa.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depa job seal-spec} (issue 11): the sealed file opens only with the key file it writes, names the TDC, its
 * bridge and the spec's commitment, holds the spec and salt that open that commitment, and never replaces a file.
 */
class JobSealSpecCommandTest {
    private static final String SPEC = JobCommandTest.SPEC;

    @TempDir
    Path dir;

    private record Ran(int status, String out, String err) {}

    private Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JobCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Ran(status, out.toString(), err.toString());
    }

    @Test
    void sealsTheSpecAndSaltForTheTdcsBridgeAndNeverOverwrites() throws Exception {
        Path spec = dir.resolve("model.json");
        Files.writeString(spec, SPEC);
        assertThat(run("commit", "--spec", spec.toString()).status()).isZero();
        Path sealed = dir.resolve("model.sealed");
        Path key = dir.resolve("model.spec.key");
        String[] args = {
            "seal-spec",
            "--spec",
            spec.toString(),
            "--tdc",
            "apollo",
            "--kms-endpoint",
            "http://127.0.0.1:8091/",
            "--out",
            sealed.toString(),
            "--key-out",
            key.toString()
        };
        Ran r = run(args);
        assertThat(r.status()).as(r.err()).isZero();
        String commitment = Json.tree(r.out()).get("modelSpecCommitment").asText();
        assertThat(Json.tree(r.out()).get("keyId").asText()).isEqualTo("spec-" + commitment);
        assertThat(Files.readString(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("hiddenLayers");

        SealedSpec.Sealed read = SealedSpec.read(Files.readAllBytes(sealed));
        assertThat(read.header().tdcId()).isEqualTo("apollo");
        assertThat(read.header().commitment()).isEqualTo(commitment);
        byte[] bundle = SealedSpec.open(read, DatasetKey.of(KeyFile.read(key, KeyFile.Kind.SPEC)));
        var tree = Json.tree(new String(bundle, StandardCharsets.UTF_8));
        assertThat(ModelSpecCommitments.matches(
                        commitment,
                        HexFormat.of().parseHex(tree.get("salt").asText()),
                        Json.canonicalString(tree.get("spec"))))
                .isTrue();
        assertThat(r.out() + r.err()).doesNotContain(tree.get("salt").asText());

        byte[] before = Files.readAllBytes(sealed);
        Ran again = run(args);
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("exists; seal-spec never writes over a file");
        assertThat(Files.readAllBytes(sealed)).isEqualTo(before);
        Ran badEndpoint = run(
                "seal-spec",
                "--spec",
                spec.toString(),
                "--tdc",
                "apollo",
                "--kms-endpoint",
                "file:/x",
                "--out",
                dir.resolve("b").toString(),
                "--key-out",
                dir.resolve("k").toString());
        assertThat(badEndpoint.status()).isEqualTo(2);
        assertThat(badEndpoint.err()).contains("--kms-endpoint");
    }
}
