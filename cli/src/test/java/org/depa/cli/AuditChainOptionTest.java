package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.depa.payments.chain.AnvilExtension;
import org.depa.payments.chain.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `depa audit verify --chain`: the option's wiring against a real anvil node, and its input errors. */
@ExtendWith(AnvilExtension.class)
class AuditChainOptionTest {
    private static final String ESCROW = "0x" + "12".repeat(20);

    @TempDir
    Path dir;

    @Test
    void aLedgerWithNoSettledPaymentReportsTheChainCheckAsSkipped(LocalNode node) throws Exception {
        Path b = new AuditCommandTestAccess(dir).copy();
        CliRun r = CliRun.in(
                        dir,
                        "audit",
                        "verify",
                        b.toString(),
                        "--no-progress",
                        "--chain",
                        node.rpcUrl(),
                        "--escrow",
                        ESCROW)
                .isClean();
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        JsonNode json =
                new ObjectMapper().readTree(b.resolve("audit/audit.json").toFile());
        assertThat(json.get("checks")).anySatisfy(c -> {
            assertThat(c.get("id").asText()).isEqualTo("domain.payment.chain-settlement");
            assertThat(c.get("status").asText()).isEqualTo("SKIP");
        });
    }

    @Test
    void inputErrorsExitTwo() throws Exception {
        Path b = new AuditCommandTestAccess(dir).copy();
        String[][] cases = {
            {"audit", "verify", b.toString(), "--chain", "http://127.0.0.1:1", "--escrow", ESCROW},
            {"audit", "verify", b.toString(), "--chain", "http://127.0.0.1:1"},
            {"audit", "verify", b.toString(), "--escrow", ESCROW},
            {"audit", "verify", b.toString(), "--chain", "http://127.0.0.1:1", "--escrow", "0x12"},
            {"audit", "verify", b.toString(), "--chain", "http://127.0.0.1:1", "--escrow", ESCROW, "--payees", "no-such"
            },
        };
        for (String[] c : cases) {
            CliRun r = CliRun.in(dir, c).isClean();
            assertThat(r.status())
                    .as(String.join(" ", c) + "\n" + r.out() + r.err())
                    .isEqualTo(2);
            assertThat(r.err()).startsWith("depa audit verify: ");
        }
    }

    /** The fixture bundle copied as AuditCommandTest does. */
    private record AuditCommandTestAccess(Path dir) {
        Path copy() throws java.io.IOException {
            Path from = Path.of("../auditor/src/test/resources/bundle-honest");
            Path to = dir.resolve("bundle");
            try (var files = java.nio.file.Files.walk(from)) {
                for (Path f : files.sorted().toList()) {
                    Path t = to.resolve(from.relativize(f).toString());
                    if (java.nio.file.Files.isDirectory(f)) {
                        java.nio.file.Files.createDirectories(t);
                    } else {
                        java.nio.file.Files.copy(f, t);
                    }
                }
            }
            return to;
        }
    }
}
