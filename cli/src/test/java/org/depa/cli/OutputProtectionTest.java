package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No output over an existing file without --force; never over the input or a key, even with --force. */
class OutputProtectionTest {
    @TempDir
    Path dir;

    String key;

    @BeforeEach
    void files() throws Exception {
        CliRun.in(dir, "dataset", "keygen", "--out", "data.key").isClean();
        key = Files.readString(dir.resolve("data.key"));
        Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n");
        Files.writeString(dir.resolve("precious.csv"), "mine\n");
    }

    private CliRun encrypt(String out, String... more) {
        String[] base = {"dataset", "encrypt", "--in", "t.csv", "--out", out, "--key", "data.key", "--dataset-id", "d"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.in(dir, args);
    }

    @Test
    void anExistingFileNeedsForce() throws Exception {
        encrypt("precious.csv").isUsageError("exists; pass --force");
        assertThat(Files.readString(dir.resolve("precious.csv"))).isEqualTo("mine\n");
        assertThat(encrypt("precious.csv", "--force").isClean().status()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("precious.csv"))).isNotEqualTo("mine\n".getBytes());
    }

    @Test
    void neverTheInputEvenWithForceOrThroughALink() throws Exception {
        encrypt("t.csv", "--force").isUsageError("is the input");
        encrypt("./sub/../t.csv", "--force").isUsageError("is the input");
        Files.createSymbolicLink(dir.resolve("alias.csv"), dir.resolve("t.csv"));
        encrypt("alias.csv", "--force").isUsageError("is the input");
        assertThat(Files.readString(dir.resolve("t.csv"))).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void neverAKeyFileEvenWithForce() throws Exception {
        encrypt("data.key", "--force").isUsageError("never overwritten");
        CliRun.in(dir, "dataset", "keygen", "--kind", "pseudonym", "--out", "join.key")
                .isClean();
        encrypt("join.key", "--force").isUsageError("is a key file");
        CliRun.in(
                        dir,
                        "dataset",
                        "prepare",
                        "--in",
                        "t.csv",
                        "--out",
                        "join.key",
                        "--force",
                        "--pseudonymise",
                        "a",
                        "--pseudonym-key",
                        "join.key")
                .isUsageError("never overwritten");
        assertThat(Files.readString(dir.resolve("data.key"))).isEqualTo(key);
        assertThat(Files.readString(dir.resolve("join.key"))).startsWith("depa-key v1 pseudonym");
    }

    @Test
    void decryptionNeverOverwritesWithoutForce() throws Exception {
        assertThat(encrypt("t.enc").status()).isZero();
        CliRun.in(
                        dir,
                        "dataset",
                        "decrypt",
                        "--in",
                        "t.enc",
                        "--out",
                        "precious.csv",
                        "--key",
                        "data.key",
                        "--dataset-id",
                        "d")
                .isUsageError("exists; pass --force");
        assertThat(Files.readString(dir.resolve("precious.csv"))).isEqualTo("mine\n");
    }
}
