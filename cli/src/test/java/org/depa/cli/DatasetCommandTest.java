package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `depa dataset`: a TDP's whole preparation through the command line, and its refusals. */
class DatasetCommandTest {
    static final Path COVID = Path.of("..", "data", "covid-poc");

    @TempDir
    Path dir;

    record Outcome(int status, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Nested
    class Workflow {
        @Test
        void keygenPrepareEncryptDecrypt() throws Exception {
            Path dk = dir.resolve("icmr.key");
            Path pk = dir.resolve("join.key");
            assertThat(run("dataset", "keygen", "--out", dk.toString()).status())
                    .isZero();
            assertThat(run("dataset", "keygen", "--kind", "pseudonym", "--out", pk.toString())
                            .status())
                    .isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dk)))
                    .isEqualTo("rw-------");

            Outcome prep = run(
                    "dataset",
                    "prepare",
                    "--in",
                    COVID.resolve("poc_data_icmr_data.csv").toString(),
                    "--out",
                    dir.resolve("icmr.csv").toString(),
                    "--drop",
                    "icmrnumber,srfnumber",
                    "--pseudonymise",
                    "icmr_patient_mobilenumber",
                    "--pseudonym-key",
                    pk.toString());
            assertThat(prep.status()).as(prep.err()).isZero();
            assertThat(prep.json().get("rows").asLong()).isEqualTo(2119);
            assertThat(Files.readString(dir.resolve("icmr.csv"))).doesNotContain("629434961");

            Outcome enc = run(
                    "dataset", "encrypt",
                    "--in", dir.resolve("icmr.csv").toString(),
                    "--out", dir.resolve("icmr.enc").toString(),
                    "--key", dk.toString(),
                    "--dataset-id", "icmr-data");
            assertThat(enc.status()).as(enc.err()).isZero();
            String sha = HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("icmr.enc"))));
            assertThat(enc.json().get("ciphertextSha256").asText()).isEqualTo(sha);

            Outcome dec = run(
                    "dataset", "decrypt",
                    "--in", dir.resolve("icmr.enc").toString(),
                    "--out", dir.resolve("back.csv").toString(),
                    "--key", dk.toString(),
                    "--dataset-id", "icmr-data");
            assertThat(dec.status()).as(dec.err()).isZero();
            assertThat(Files.readString(dir.resolve("back.csv"))).isEqualTo(Files.readString(dir.resolve("icmr.csv")));
        }
    }

    @Nested
    class Refusals {
        @Test
        void keygenNeverOverwrites() throws Exception {
            Path dk = dir.resolve("k");
            assertThat(run("dataset", "keygen", "--out", dk.toString()).status())
                    .isZero();
            String before = Files.readString(dk);
            Outcome again = run("dataset", "keygen", "--out", dk.toString());
            assertThat(again.status()).isEqualTo(2);
            assertThat(again.err()).contains("never overwritten");
            assertThat(Files.readString(dk)).isEqualTo(before);
        }

        @Test
        void misspelledColumnIsRefusedNamingIt() {
            Outcome o = run(
                    "dataset",
                    "prepare",
                    "--in",
                    COVID.resolve("poc_data_cowin_data.csv").toString(),
                    "--out",
                    dir.resolve("c.csv").toString(),
                    "--drop",
                    "beneficiary_nmae");
            assertThat(o.status()).isEqualTo(1);
            assertThat(o.err()).contains("beneficiary_nmae");
            assertThat(dir.resolve("c.csv")).doesNotExist();
        }

        @Test
        void pseudonymiseWithoutKeyIsAUsageError() {
            Outcome o = run(
                    "dataset",
                    "prepare",
                    "--in",
                    COVID.resolve("poc_data_cowin_data.csv").toString(),
                    "--out",
                    dir.resolve("c.csv").toString(),
                    "--pseudonymise",
                    "cowin_registered_mobile");
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err()).contains("--pseudonym-key");
        }

        @Test
        void tamperedCiphertextOrWrongDatasetIdRefusedLeavingNoPlaintext() throws Exception {
            Path dk = dir.resolve("k");
            run("dataset", "keygen", "--out", dk.toString());
            Files.writeString(dir.resolve("p.csv"), "a,b\n1,2\n");
            run(
                    "dataset",
                    "encrypt",
                    "--in",
                    dir.resolve("p.csv").toString(),
                    "--out",
                    dir.resolve("p.enc").toString(),
                    "--key",
                    dk.toString(),
                    "--dataset-id",
                    "d1");
            Outcome wrongId = run(
                    "dataset",
                    "decrypt",
                    "--in",
                    dir.resolve("p.enc").toString(),
                    "--out",
                    dir.resolve("o.csv").toString(),
                    "--key",
                    dk.toString(),
                    "--dataset-id",
                    "d2");
            assertThat(wrongId.status()).isEqualTo(1);
            byte[] ct = Files.readAllBytes(dir.resolve("p.enc"));
            ct[ct.length / 2] ^= 1;
            Files.write(dir.resolve("p.enc"), ct);
            Outcome tampered = run(
                    "dataset",
                    "decrypt",
                    "--in",
                    dir.resolve("p.enc").toString(),
                    "--out",
                    dir.resolve("o.csv").toString(),
                    "--key",
                    dk.toString(),
                    "--dataset-id",
                    "d1");
            assertThat(tampered.status()).isEqualTo(1);
            assertThat(tampered.err()).contains("failed authentication");
            assertThat(dir.resolve("o.csv")).doesNotExist();
        }

        @Test
        void badKeyFileIsAnInputError() throws Exception {
            Files.writeString(dir.resolve("k"), "short\n");
            Files.writeString(dir.resolve("p.csv"), "a\n1\n");
            Outcome o = run(
                    "dataset",
                    "encrypt",
                    "--in",
                    dir.resolve("p.csv").toString(),
                    "--out",
                    dir.resolve("p.enc").toString(),
                    "--key",
                    dir.resolve("k").toString(),
                    "--dataset-id",
                    "d1");
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err()).contains("key file");
            assertThat(dir.resolve("p.enc")).doesNotExist();
        }
    }
}
