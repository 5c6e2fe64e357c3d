package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log records go to the log file; --verbose shows them on stderr too; a large log rotates when a command starts. */
class LoggingTest {
    @TempDir
    Path dir;

    @AfterEach
    void back() {
        System.setProperty("depa.log", CliRun.LOG.toString());
    }

    private CliRun refusedOutput(String... extra) throws Exception {
        CliRun.in(dir, "dataset", "keygen", "--out", "data.key");
        Files.writeString(dir.resolve("t.csv"), "a\n1\n");
        Files.writeString(dir.resolve("mine.txt"), "mine\n");
        String[] base = {
            "dataset", "encrypt", "--in", "t.csv", "--out", "mine.txt", "--key", "data.key", "--dataset-id", "d"
        };
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.in(dir, args);
    }

    @Test
    void recordsGoToTheLogFileNotTheTerminal() throws Exception {
        long before = Files.exists(CliRun.LOG) ? Files.size(CliRun.LOG) : 0;
        CliRun r = refusedOutput().isUsageError("exists; pass --force");
        assertThat(r.err().lines()).hasSize(1);
        String log = Files.readString(CliRun.LOG).substring((int) before);
        assertThat(log).contains("INFO org.depa.cli: depa dataset encrypt: usage error");
    }

    @Test
    void verboseShowsTheRecordsOnStderr() throws Exception {
        CliRun r = refusedOutput("--verbose");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("INFO org.depa.cli: depa dataset encrypt: usage error");
    }

    @Test
    void aLargeLogRotatesWhenACommandStarts() throws Exception {
        Path log = dir.resolve("logs/depa.log");
        Files.createDirectories(log.getParent());
        Files.write(log, new byte[Logging.LIMIT + 1]);
        Files.writeString(log.resolveSibling("depa.log.1"), "older\n");
        Logging.configure(log, false, System.err);
        Logging.close();
        assertThat(Files.size(log.resolveSibling("depa.log.1"))).isEqualTo(Logging.LIMIT + 1L);
        assertThat(log.resolveSibling("depa.log.2")).hasContent("older");
        assertThat(Files.size(log)).isLessThan(1000);
    }
}
