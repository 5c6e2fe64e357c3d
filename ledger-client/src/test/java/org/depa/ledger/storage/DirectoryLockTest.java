package org.depa.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.embedded.LedgerLockedException;
import org.depa.ledger.client.embedded.LedgerRepair;
import org.depa.ledger.testing.World;
import org.depa.testkit.CredentialSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One holder per ledger directory: a second open, here or in another process, is refused and named. */
class DirectoryLockTest {

    private static World persistent(Path dir) {
        return new World(EmbeddedLedger.builder().directory(dir), CredentialSource.SHARED);
    }

    @Test
    void aSecondOpenInThisJvmIsRefusedAndTheFirstKeepsWorking(@TempDir Path dir) {
        try (World first = persistent(dir)) {
            first.publishAgreement("v1");
            assertThatThrownBy(() -> EmbeddedLedger.builder().directory(dir).open())
                    .isInstanceOf(LedgerLockedException.class)
                    .hasMessageContaining("already open in this process")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> LedgerRepair.repair(dir)).isInstanceOf(LedgerLockedException.class);
            // The refused opens released nothing of the first holder's.
            first.publishAgreement("v2");
            assertThat(first.ledger.height()).isEqualTo(2);
        }
        try (World again = persistent(dir)) {
            assertThat(again.ledger.height()).as("reopened after close").isEqualTo(2);
        }
    }

    @Test
    void anOwningClientReleasesTheDirectoryWhenClosed(@TempDir Path dir) {
        org.depa.ledger.client.LedgerClient owning =
                EmbeddedLedger.builder().directory(dir).open().connectOwning(World.identity("SROMSP", "bridge"));
        assertThatThrownBy(() -> EmbeddedLedger.builder().directory(dir).open())
                .isInstanceOf(LedgerLockedException.class);
        owning.close();
        EmbeddedLedger.builder().directory(dir).open().close();
    }

    @Test
    void aRefusedOpenLeavesTheDirectoryFreeForTheNext(@TempDir Path dir) throws IOException {
        try (World w = persistent(dir)) {
            w.publishAgreement("v1");
        }
        Files.writeString(dir.resolve("ledger.jsonl"), "garbage\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> persistent(dir)).hasMessageContaining("line 2");
        LedgerRepair.repair(dir);
        try (World w = persistent(dir)) {
            assertThat(w.ledger.height()).isEqualTo(1);
        }
    }

    @Test
    void anotherProcessHoldingTheDirectoryIsNamedAndItsDeathFreesIt(@TempDir Path dir) throws Exception {
        try (World w = persistent(dir)) {
            w.publishAgreement("v1");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LedgerHolder.class.getName(),
                        dir.toString()))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith(LedgerHolder.OPEN)) {
                // the holder's start-up output
            }
            assertThat(line).as("the holder opened the ledger").isNotNull().contains("height 1");

            assertThatThrownBy(() -> persistent(dir))
                    .isInstanceOf(LedgerLockedException.class)
                    .hasMessageContaining("in use by another process")
                    .hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (World w = persistent(dir)) {
            w.publishAgreement("v2");
            assertThat(w.ledger.height())
                    .as("the killed holder's lock went with it")
                    .isEqualTo(2);
        }
    }
}
