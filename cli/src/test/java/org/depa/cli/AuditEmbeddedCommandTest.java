package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `depa audit verify DIR` on an embedded ledger's directory: verdicts, anchors and exit codes. */
class AuditEmbeddedCommandTest {
    @TempDir
    Path dir;

    @Test
    void anEmbeddedLedgerIsVerifiedInPlace() throws Exception {
        Path ledger = dir.resolve("ledger");
        try (Scenario s = new Scenario(new World(EmbeddedLedger.builder().directory(ledger)))) {
            s.complete(s.active("c1", "1").contractId(), "run-1", "0.5");
        }
        AuditCommandTest.Run ok =
                AuditCommandTest.run("audit", "verify", ledger.toString(), "--no-progress", "--allow-dev-root");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out())
                .startsWith("PASS: ")
                .contains("over the embedded ledger in " + ledger, "genesis hash (pin it, --genesis-hash): ");
        assertThat(new ObjectMapper()
                        .readTree(ledger.resolve("audit/audit.json").toFile())
                        .get("verdict")
                        .asText())
                .isEqualTo("PASS");
        Matcher head = Pattern.compile("\\(record it, --expect-head\\): ([0-9a-f]{64})")
                .matcher(ok.out());
        assertThat(head.find()).isTrue();

        // The ledger trusts the emulator's root: without --allow-dev-root the audit fails (exit 1).
        AuditCommandTest.Run dev = AuditCommandTest.run("audit", "verify", ledger.toString(), "--no-progress");
        assertThat(dev.exit()).isEqualTo(1);
        assertThat(dev.out()).contains("FAIL domain.attestation.development-root", "FAIL domain.run.attestation");

        // The last line cut off (head.json left alone): the signed head names a line that is gone.
        Path file = ledger.resolve("ledger.jsonl");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
        AuditCommandTest.Run cut = AuditCommandTest.run(
                "audit",
                "verify",
                ledger.toString(),
                "--no-progress",
                "--allow-dev-root",
                "--expect-head",
                head.group(1));
        assertThat(cut.exit()).isEqualTo(1);
        assertThat(cut.out()).contains("FAIL embedded.head-file", "FAIL embedded.head ");

        AuditCommandTest.Run bad = AuditCommandTest.run("audit", "verify", ledger.toString(), "--genesis-hash", "12");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--genesis-hash must be 64 hex digits");
    }
}
