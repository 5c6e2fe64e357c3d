package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./depa script passes on the directory it was run from: relative paths are the user's, not
 * the repository's. Run on a copy of the script with a built stamp (so it does not build) and a
 * {@code java} on PATH that reports what it was given.
 */
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void theCallersDirectoryReachesTheCommand() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("..", "depa"), repo.resolve("depa"));
        Files.createDirectories(repo.resolve("cli/target"));
        Files.writeString(repo.resolve("cli/target/.depa-built"), "");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$DEPA_TEST_ARGS\"\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwx------"));
        Path user = Files.createDirectories(dir.resolve("home/user/project"));

        ProcessBuilder pb = new ProcessBuilder(
                        "bash", repo.resolve("depa").toString(), "dataset", "keygen", "--out", "k")
                .directory(user.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("DEPA_TEST_ARGS", dir.resolve("args").toString());
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();

        assertThat(Files.readAllLines(dir.resolve("args")))
                .contains("-Ddepa.cwd=" + user.toRealPath(), "-Ddepa.home=" + repo.toRealPath())
                .endsWith("org.depa.cli.Main", "dataset", "keygen", "--out", "k");
    }

    @Test
    void relativePathsResolveAgainstTheCallersDirectory() throws Exception {
        Path user = Files.createDirectories(dir.resolve("work"));
        CliRun.in(user, "dataset", "keygen", "--out", "keys/k.key").isClean();
        assertThat(user.resolve("keys/k.key")).exists();
        assertThat(Path.of("keys")).doesNotExist();
    }

    /**
     * network.sh rotates a process's log when it starts: over the limit, the log moves to .1 (.1 to
     * .2, .2 to .3); under it, it stays. The function is taken from the script and run alone.
     */
    @Test
    void fabricLogsRotateAtStart() throws Exception {
        String script = Files.readString(Path.of("..", "network-config", "network.sh"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?ms)^rotate_log\\(\\) \\{.*?^\\}")
                .matcher(script);
        assertThat(m.find()).as("rotate_log in network.sh").isTrue();
        Path log = dir.resolve("peer.log");
        Files.writeString(log, "x".repeat(2000));
        Files.writeString(dir.resolve("peer.log.1"), "older");
        Files.writeString(dir.resolve("peer.log.2"), "oldest");
        String run = m.group() + "\nrotate_log \"$1\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-euc", run, "rotate", log.toString()).redirectErrorStream(true);
        pb.environment().put("DEPA_LOG_MAX_BYTES", "1000");
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(log).doesNotExist();
        assertThat(dir.resolve("peer.log.1")).hasContent("x".repeat(2000));
        assertThat(dir.resolve("peer.log.2")).hasContent("older");
        assertThat(dir.resolve("peer.log.3")).hasContent("oldest");

        Files.writeString(log, "small");
        Process again = pb.start();
        assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        assertThat(log).hasContent("small");
    }
}
