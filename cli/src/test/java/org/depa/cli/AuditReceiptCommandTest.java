package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `depa audit verify-receipt` over the auditor's honest receipt fixture: output, JSON and exit codes. */
class AuditReceiptCommandTest {
    private static final Path FIXTURE = Path.of("../auditor/src/test/resources/receipt-honest.json")
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    @Test
    void theHonestReceiptPassesEveryCheckWithTheDevelopmentRootFlagged() {
        CliRun r = CliRun.in(dir, "audit", "verify-receipt", "--file", FIXTURE.toString(), "--allow-dev-root")
                .isClean();
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("receipt of run r1 under contract c1 (channel depa, chaincode depa)")
                .contains("PASS receipt.signature", "PASS receipt.run-key-binding", "PASS receipt.contract-hash")
                .contains("PASS receipt.attestation: FLAGGED: verified to a development root")
                .contains("PASS receipt.key-releases", "PASS: 7 checks passed, 0 failed, 0 skipped");
    }

    @Test
    void withoutTheDevelopmentRootTheAttestationFailsWithExitOne() throws Exception {
        CliRun r = CliRun.in(dir, "audit", "verify-receipt", "--file", FIXTURE.toString(), "--json")
                .isClean();
        assertThat(r.status()).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(doc.get("checks")).anySatisfy(c -> {
            assertThat(c.get("id").asText()).isEqualTo("receipt.attestation");
            assertThat(c.get("status").asText()).isEqualTo("FAIL");
            assertThat(c.get("details").asText()).contains("UNKNOWN_ROOT");
        });
    }

    @Test
    void aFlippedSignatureFailsNamingTheCheck() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode doc = (ObjectNode) m.readTree(FIXTURE.toFile());
        ObjectNode receipt = (ObjectNode) doc.get("receipt");
        byte[] sig = Base64.getDecoder().decode(receipt.get("signature").asText());
        sig[10] ^= 0x01;
        receipt.put("signature", Base64.getEncoder().encodeToString(sig));
        Path file = dir.resolve("flipped.json");
        m.writeValue(file.toFile(), doc);
        CliRun r = CliRun.in(dir, "audit", "verify-receipt", "--file", file.toString(), "--allow-dev-root")
                .isClean();
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL receipt.signature").contains("FAIL: 6 checks passed, 1 failed");
    }

    @Test
    void usageAndInputErrorsExitTwoWithOneLine() throws Exception {
        Files.writeString(dir.resolve("junk.json"), "{\"format\": \"depa-receipt-evidence/1\", \"channel\": 5}");
        String[][] cases = {
            {"audit", "verify-receipt"},
            {"audit", "verify-receipt", "r1", "--file", FIXTURE.toString()},
            {"audit", "verify-receipt", "--file", dir.resolve("missing.json").toString()},
            {"audit", "verify-receipt", "--file", dir.resolve("junk.json").toString()},
            {"audit", "verify-receipt", "--file", FIXTURE.toString(), "--dev-root", "ab".repeat(32)},
            {"audit", "verify-receipt", "--file", FIXTURE.toString(), "--allow-dev-root", "--dev-root", "xyz"},
            {"audit", "verify-receipt", "../etc"},
            {"audit", "receipt", "../etc", "--out", dir.resolve("o.json").toString()},
            {"audit", "receipt", "r1", "--out", dir.resolve("o.json").toString(), "--gateway", "https://127.0.0.1:1"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.in(dir, c).isClean();
            assertThat(r.status())
                    .as(String.join(" ", c) + "\n" + r.out() + r.err())
                    .isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
    }
}
