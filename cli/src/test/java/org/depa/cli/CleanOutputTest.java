package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output for people. The main command, {@code depa demo covid}, runs in a JVM of its own as
 * ./depa starts it (Main's entry point, stdout and stderr redirected to files, so not a terminal):
 * it must print no stack trace, no SEVERE or WARNING log record, no library warning (SLF4J), and
 * the job's progress at most one line per epoch; the log records go to the log file instead.
 */
class CleanOutputTest {
    @TempDir
    Path dir;

    @Test
    void theMainCommandPrintsNoStackTraceLogRecordOrLibraryWarning() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path log = dir.resolve("depa.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddepa.home=" + home,
                "-Ddepa.cwd=" + dir,
                "-Ddepa.log=" + log,
                "-DDJL_CACHE_DIR=" + Path.of("target", "djl-cache").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.depa.cli.Main",
                "demo",
                "covid",
                "--dir",
                "demo"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
        String out = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit; stderr:\n%s", err).isZero();

        for (String text : List.of(out, err)) {
            assertThat(text)
                    .as("printed:\n%s\n---\n%s", out, err)
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception")
                    .doesNotContain("SEVERE")
                    .doesNotContain("WARNING:")
                    .doesNotContain("INFO:")
                    .doesNotContain("SLF4J")
                    .doesNotContainPattern("(?m)^[A-Z][a-z]{2} \\d{2}, \\d{4} \\d+:\\d{2}:\\d{2} [AP]M ");
        }
        assertThat(err).as("stderr").isEmpty();
        assertThat(out).contains("== Done:").doesNotContain("\r");
        // The training is a job in a clean-room process: the TDC sees its progress every few epochs.
        List<String> epochs =
                out.lines().filter(l -> l.matches("\\s+job \\S+:\\s+epoch .*")).toList();
        assertThat(epochs).hasSizeBetween(1, 30).allSatisfy(l -> assertThat(l.length())
                .isLessThan(120));
        assertThat(out.lines().filter(l -> l.length() > 300)).isEmpty();

        // The records are in the log file: the bridges' audit lines, one line each.
        assertThat(Files.readString(log)).contains("AUDIT key-release outcome=RELEASED");
        // The clean room left no plaintext.
        assertThat(dir.resolve("demo/ccr/work/plain")).doesNotExist();
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("demo/ccr/operator/jobs"))) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("plain")))
                    .as("the job's clean room left no plaintext")
                    .isEmpty();
        }
    }
}
