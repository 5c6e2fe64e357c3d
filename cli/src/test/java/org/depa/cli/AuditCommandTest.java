package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `depa audit verify` over the auditor's honest fixture bundle: reports, verdicts and exit codes. */
class AuditCommandTest {
    private static final Path FIXTURE = Path.of("../auditor/src/test/resources/bundle-honest");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new Main()).execute(argv);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path copy() throws IOException {
        Path to = dir.resolve("bundle");
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return to;
    }

    @Test
    void theHonestBundlePassesWithExitZeroAndBothReports() throws Exception {
        Path b = copy();
        Run r = run("audit", "verify", b.toString(), "--no-progress");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("PASS: ").contains("genesis hash (pin it, --genesis-hash): ");
        JsonNode json =
                new ObjectMapper().readTree(b.resolve("audit/audit.json").toFile());
        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("checks"))
                .allSatisfy(c -> assertThat(c.get("status").asText()).isIn("PASS", "SKIP"));
        assertThat(Files.readString(b.resolve("audit/audit.md")))
                .contains("Verdict: **PASS**", "| `fabric.tx.endorsement-policy` |");
    }

    @Test
    void aTamperedBundleFailsWithExitOneAndTheFailureExplained() throws Exception {
        Path b = copy();
        Path block = b.resolve("SROMSP-peer0/000000000005.block");
        byte[] bytes = Files.readAllBytes(block);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(block, bytes);
        Run r = run(
                "audit",
                "verify",
                b.toString(),
                "--no-progress",
                "--report",
                dir.resolve("r").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("FAIL: ");
        assertThat(Files.readString(dir.resolve("r/audit.md"))).contains("Verdict: **FAIL**", "## Failures");
    }

    @Test
    void inputErrorsExitTwo() throws Exception {
        assertThat(run("audit", "verify", dir.resolve("nothing").toString()).exit())
                .isEqualTo(2);
        Run bad = run("audit", "verify", copy().toString(), "--expect-head", "xyz");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--expect-head must be 64 hex digits");
        Run embedded = run(
                "audit",
                "export",
                "--ledger",
                "embedded",
                "--out",
                dir.resolve("o").toString());
        assertThat(embedded.exit()).isEqualTo(2);
        assertThat(embedded.err()).contains("only fabric");
    }
}
