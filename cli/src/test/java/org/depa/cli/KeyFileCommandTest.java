package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key files say what they hold: a pseudonym key is not accepted where a dataset key is expected
 * and the reverse, an untyped key file of the old format is refused with how to convert it, and
 * relative paths are the caller's.
 */
class KeyFileCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        CliRun.in(dir, "dataset", "keygen", "--out", "data.key").isClean();
        CliRun.in(dir, "dataset", "keygen", "--kind", "pseudonym", "--out", "join.key")
                .isClean();
        Files.writeString(dir.resolve("t.csv"), "phone,age\n98,61\n");
    }

    @Test
    void keyFilesSayWhatTheyHoldAndLandWhereTheUserIs() throws Exception {
        assertThat(Files.readString(dir.resolve("data.key"))).startsWith("depa-key v1 dataset\n");
        assertThat(Files.readString(dir.resolve("join.key"))).startsWith("depa-key v1 pseudonym\n");
        assertThat(Path.of("data.key")).doesNotExist();
    }

    @Test
    void aPseudonymKeyIsNotADatasetKey() {
        CliRun r = CliRun.in(
                dir, "dataset", "encrypt", "--in", "t.csv", "--out", "t.enc", "--key", "join.key", "--dataset-id", "d");
        r.isUsageError("holds a pseudonym key, not a dataset key");
        assertThat(dir.resolve("t.enc")).doesNotExist();
    }

    @Test
    void aDatasetKeyIsNotAPseudonymKey() {
        CliRun.in(
                        dir,
                        "dataset",
                        "prepare",
                        "--in",
                        "t.csv",
                        "--out",
                        "p.csv",
                        "--pseudonymise",
                        "phone",
                        "--pseudonym-key",
                        "data.key")
                .isUsageError("holds a dataset key, not a pseudonym key");
        assertThat(dir.resolve("p.csv")).doesNotExist();
    }

    @Test
    void anOldUntypedKeyFileIsRefusedWithHowToConvertIt() throws Exception {
        String base64 = Files.readAllLines(dir.resolve("data.key")).get(1);
        Files.writeString(dir.resolve("old.key"), base64 + "\n");
        CliRun.in(dir, "dataset", "encrypt", "--in", "t.csv", "--out", "t.enc", "--key", "old.key", "--dataset-id", "d")
                .isUsageError("old format")
                .isUsageError("add the line 'depa-key v1 dataset'");
        Files.writeString(dir.resolve("old.key"), "depa-key v1 dataset\n" + base64 + "\n");
        assertThat(CliRun.in(
                                dir,
                                "dataset",
                                "encrypt",
                                "--in",
                                "t.csv",
                                "--out",
                                "t.enc",
                                "--key",
                                "old.key",
                                "--dataset-id",
                                "d")
                        .isClean()
                        .status())
                .isZero();
    }
}
