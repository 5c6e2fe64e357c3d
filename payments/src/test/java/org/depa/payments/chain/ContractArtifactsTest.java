package org.depa.payments.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed ABI and bytecode (from which the build generates the Java wrappers) are what the
 * Solidity sources compile to with the pinned solc-js: a changed .sol file without a re-run of
 * {@code node payments/scripts/compile.js} fails here.
 */
class ContractArtifactsTest {
    private static final Path COMMITTED = Path.of("src/main/resources/org/depa/payments/contracts");

    @Test
    void theCommittedArtifactsMatchTheSolidity(@TempDir Path out) throws IOException, InterruptedException {
        Path root = AnvilExtension.projectRoot();
        run(out, root.resolve("scripts/payments-tools.sh").toString());
        run(out, "node", root.resolve("payments/scripts/compile.js").toString(), out.toString());
        for (String name : new String[] {"DepaToken.abi", "DepaToken.bin", "DepaEscrow.abi", "DepaEscrow.bin"}) {
            assertThat(Files.readString(out.resolve(name), StandardCharsets.UTF_8))
                    .as(name + " differs from the Solidity source: run node payments/scripts/compile.js")
                    .isEqualTo(Files.readString(COMMITTED.resolve(name), StandardCharsets.UTF_8));
        }
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir.getParent(), "compile", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(log, StandardCharsets.UTF_8))
                .isZero();
    }
}
