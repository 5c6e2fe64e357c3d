package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One {@code depa} command run in this JVM through {@link Main#run}, as a user in {@code cwd}
 * would run it, with everything it printed: its own writers and System.out/err both captured.
 */
record CliRun(int status, String out, String err) {
    static final Path LOG = Path.of("target", "test-logs", "depa.log").toAbsolutePath();

    static CliRun in(Path cwd, String... args) {
        System.setProperty("depa.log", LOG.toString());
        System.setProperty(
                "depa.home", Path.of("..").toAbsolutePath().normalize().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        System.setErr(e);
        try {
            int status = Main.run(cwd, o, e, args);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Output for people: no stack trace, no log record, no library warning. */
    CliRun isClean() {
        for (String text : new String[] {out, err}) {
            assertThat(text)
                    .as("printed:\n%s\n%s", out, err)
                    .doesNotContain("\tat ")
                    .doesNotContain("Exception")
                    .doesNotContain("SEVERE")
                    .doesNotContain("SLF4J");
        }
        return this;
    }

    /** A usage error: exit 2, a message on stderr, nothing else. */
    CliRun isUsageError(String messagePart) {
        isClean();
        assertThat(status).as("exit status; stderr: %s", err).isEqualTo(2);
        assertThat(err).contains(messagePart);
        return this;
    }
}
