package org.depa.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.embedded.LedgerRepair;
import org.depa.ledger.client.embedded.LedgerStorageException;
import org.depa.ledger.client.embedded.NodeKey;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.CredentialSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger's directory against a careless and a hostile person: nothing committed is
 * dropped, nothing edited, appended or re-chained is believed, and a repair moves damage aside.
 */
class LedgerStorageTest {

    private static World persistent(Path dir) {
        return new World(EmbeddedLedger.builder().directory(dir), CredentialSource.SHARED);
    }

    /** Onboarding, an active contract c1, a run with its keys released, and as the last line its receipt. */
    private static long ledgerEndingInAReceipt(Path dir) {
        try (Scenario s = new Scenario(persistent(dir))) {
            s.active("c1", "1.5");
            s.complete("c1", "r1", "1.25");
            return s.w.ledger.height();
        }
    }

    private static LedgerStorageException refusedAtOpen(Path dir) {
        byte[] before = LedgerFiles.bytes(LedgerFiles.log(dir));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> persistent(dir).close());
        assertThat(t).isInstanceOf(LedgerStorageException.class);
        assertThat(LedgerFiles.bytes(LedgerFiles.log(dir)))
                .as("a refused open changes nothing")
                .isEqualTo(before);
        return (LedgerStorageException) t;
    }

    @Nested
    class NothingCommittedIsDropped {
        @Test
        void aCompleteButUnparsableLastLineRefusesTheOpenAndKeepsTheReceipt(@TempDir Path dir) {
            long height = ledgerEndingInAReceipt(dir);
            List<String> lines = LedgerFiles.lines(dir);
            String receipt = lines.get(lines.size() - 1);
            assertThat(receipt).contains(Runs.SUBMIT_RECEIPT.name());
            lines.set(lines.size() - 1, receipt.substring(0, receipt.length() / 2));
            LedgerFiles.writeLines(dir, lines); // ends with a newline: a whole line, not a torn write

            LedgerStorageException e = refusedAtOpen(dir);
            assertThat(e.line()).isEqualTo(height);
            assertThat(e.getMessage())
                    .contains("line " + height)
                    .contains("not a ledger entry")
                    .contains("depa ledger repair");
        }

        @Test
        void committedLinesCutOffTheEndAreMissedThroughTheSignedHead(@TempDir Path dir) {
            long height = ledgerEndingInAReceipt(dir);
            List<String> lines = LedgerFiles.lines(dir);
            LedgerFiles.writeLines(dir, lines.subList(0, lines.size() - 1));

            LedgerStorageException e = refusedAtOpen(dir);
            assertThat(e.getMessage())
                    .contains("says block " + height + " is committed")
                    .contains("holds blocks up to " + (height - 1));
        }

        @Test
        void aRemovedHeadIsRefused(@TempDir Path dir) throws IOException {
            ledgerEndingInAReceipt(dir);
            Files.delete(dir.resolve("head.json"));
            assertThat(refusedAtOpen(dir).getMessage()).contains("head.json is missing");
        }

        @Test
        void anUnfinishedFinalFragmentIsDiscardedAndLogged(@TempDir Path dir) throws IOException {
            long height = ledgerEndingInAReceipt(dir);
            byte[] before = LedgerFiles.bytes(LedgerFiles.log(dir));
            Files.writeString(
                    LedgerFiles.log(dir), "{\"block\":" + (height + 1) + ",\"txId\":\"ab", StandardOpenOption.APPEND);
            List<LogRecord> records = new ArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    records.add(r);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            Logger log = Logger.getLogger("org.depa.ledger.client.embedded");
            log.addHandler(capture);
            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height);
            } finally {
                log.removeHandler(capture);
            }
            assertThat(LedgerFiles.bytes(LedgerFiles.log(dir))).isEqualTo(before);
            assertThat(records).anySatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage())
                        .contains("discarded an unfinished last line")
                        .contains("block " + height);
            });
        }

        @Test
        void aLineWrittenBeforeACrashCouldUpdateTheHeadIsKept(@TempDir Path dir) throws IOException {
            byte[] oldHead;
            long height;
            try (Scenario s = new Scenario(persistent(dir))) {
                s.active("c1", "1.5");
                oldHead = LedgerFiles.bytes(dir.resolve("head.json"));
                s.startRun("c1", "r1");
                height = s.w.ledger.height();
            }
            Files.write(dir.resolve("head.json"), oldHead); // the line reached the disk, the new head did not
            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height);
                assertThat(w.sroLedger().evaluate(Runs.GET, "r1").status()).isEqualTo(RunStatus.STARTED);
            }
            assertThat(LedgerFiles.bytes(dir.resolve("head.json"))).isNotEqualTo(oldHead);
        }
    }

    @Nested
    class NothingForgedIsBelieved {
        @Test
        void aForgedLineAppendedAtTheEndIsRefused(@TempDir Path dir) throws IOException {
            long height = ledgerEndingInAReceipt(dir);
            Files.writeString(
                    LedgerFiles.log(dir),
                    LedgerFiles.forgedNextLine(dir) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);

            LedgerStorageException e = refusedAtOpen(dir);
            assertThat(e.line()).isEqualTo(height + 1);
            assertThat(e.getMessage()).contains("line " + (height + 1)).contains("signature");
        }

        @Test
        void anEditedLastLineIsRefused(@TempDir Path dir) {
            long height = ledgerEndingInAReceipt(dir);
            LedgerFiles.editAndRechain(dir, (int) height - 1, line -> line.put("creatorMsp", "ForgedMSP"));

            LedgerStorageException e = refusedAtOpen(dir);
            assertThat(e.line()).isEqualTo(height);
            assertThat(e.getMessage()).contains("line " + height).contains("signature does not verify");
        }

        @Test
        void aMiddleLineEditedWithTheLaterHashesRecomputedIsRefused(@TempDir Path dir) {
            long height = ledgerEndingInAReceipt(dir);
            int victim = 3;
            LedgerFiles.editAndRechain(dir, victim, line -> line.put("creatorMsp", "ForgedMSP"));
            assertThat(victim).isLessThan((int) height - 1);

            LedgerStorageException e = refusedAtOpen(dir);
            assertThat(e.line()).isEqualTo(victim + 1);
            assertThat(e.getMessage()).contains("line " + (victim + 1)).contains("signature does not verify");
        }

        @Test
        void aChainResignedUnderAnotherKeyIsRefusedWhenTheNodeKeyIsPinned(@TempDir Path dir, @TempDir Path copy)
                throws IOException {
            NodeKey node = NodeKey.generate();
            NodeKey intruder = NodeKey.generate();
            try (Scenario s = new Scenario(
                    new World(EmbeddedLedger.builder().directory(dir).nodeKey(node), CredentialSource.SHARED))) {
                s.active("c1", "1.5");
            }
            // The intruder writes its own ledger with its own key and puts it in place.
            try (Scenario s = new Scenario(
                    new World(EmbeddedLedger.builder().directory(copy).nodeKey(intruder), CredentialSource.SHARED))) {
                s.active("c1", "2");
            }
            for (String f : List.of("ledger.jsonl", "head.json", "node.pub")) {
                Files.copy(copy.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertThatThrownBy(() -> new World(
                            EmbeddedLedger.builder()
                                    .directory(dir)
                                    .nodeKey(intruder)
                                    .trustedNodeKey(node.publicKey()),
                            CredentialSource.SHARED))
                    .isInstanceOf(LedgerStorageException.class)
                    .hasMessageContaining("not by the pinned node key");
            assertThatThrownBy(() ->
                            new World(EmbeddedLedger.builder().directory(dir).nodeKey(node), CredentialSource.SHARED))
                    .isInstanceOf(LedgerStorageException.class)
                    .hasMessageContaining("not the public half of the node key");
        }

        @Test
        void theNodeKeyIsOwnerOnlyAndALooseOneIsRefused(@TempDir Path dir) throws IOException {
            ledgerEndingInAReceipt(dir);
            Path key = dir.resolve("node.key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            assertThatThrownBy(() -> persistent(dir))
                    .isInstanceOf(LedgerStorageException.class)
                    .hasMessageContaining("chmod 600");
        }

        @Test
        void aLedgerWithBlocksButNoNodeKeyIsRefused(@TempDir Path dir) throws IOException {
            ledgerEndingInAReceipt(dir);
            Files.delete(dir.resolve("node.key"));
            assertThat(refusedAtOpen(dir).getMessage()).contains("has blocks but no node key");
        }
    }

    @Nested
    class Repair {
        @Test
        void theDamagedTailIsMovedAsideIntoADatedFileAndTheLedgerOpensAgain(@TempDir Path dir) throws IOException {
            long height = ledgerEndingInAReceipt(dir);
            int victim = (int) height - 3;
            List<String> original = LedgerFiles.lines(dir);
            LedgerFiles.editAndRechain(dir, victim, line -> line.put("creatorMsp", "ForgedMSP"));
            List<String> damaged = LedgerFiles.lines(dir);
            refusedAtOpen(dir);

            Clock at = Clock.fixed(Instant.parse("2026-12-04T21:30:00Z"), ZoneOffset.UTC);
            LedgerRepair.Report report = LedgerRepair.repair(dir, null, at);
            assertThat(report.problem()).contains("line " + (victim + 1));
            assertThat(report.blocks()).isEqualTo(victim);
            assertThat(report.movedLines()).isEqualTo(height - victim);
            assertThat(report.movedTo()).isEqualTo(dir.resolve("ledger.jsonl.damaged-20261204T213000Z"));
            assertThat(Files.readAllLines(report.movedTo(), StandardCharsets.UTF_8))
                    .as("moved, not deleted")
                    .isEqualTo(damaged.subList(victim, damaged.size()));
            assertThat(report.headMovedTo()).isEqualTo(dir.resolve("head.json.damaged-20261204T213000Z"));
            assertThat(LedgerFiles.lines(dir)).isEqualTo(original.subList(0, victim));

            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(victim);
                w.publishAgreement("v2");
            }
            assertThat(LedgerRepair.check(dir).sound()).isTrue();
        }

        @Test
        void aSoundLedgerIsLeftAlone(@TempDir Path dir) {
            long height = ledgerEndingInAReceipt(dir);
            byte[] before = LedgerFiles.bytes(LedgerFiles.log(dir));
            LedgerRepair.Report report = LedgerRepair.repair(dir);
            assertThat(report.sound()).isTrue();
            assertThat(report.changed()).isFalse();
            assertThat(report.blocks()).isEqualTo(height);
            assertThat(LedgerFiles.bytes(LedgerFiles.log(dir))).isEqualTo(before);
        }

        @Test
        void anUnparsableLastLineIsMovedAsideIntoTheDatedFile(@TempDir Path dir) throws IOException {
            long height = ledgerEndingInAReceipt(dir);
            List<String> lines = LedgerFiles.lines(dir);
            String receipt = lines.get(lines.size() - 1);
            lines.set(lines.size() - 1, receipt.substring(0, 100));
            LedgerFiles.writeLines(dir, lines);

            LedgerRepair.Report report = LedgerRepair.repair(dir);
            assertThat(report.blocks()).isEqualTo(height - 1);
            assertThat(report.movedLines()).isEqualTo(1);
            assertThat(Files.readAllLines(report.movedTo(), StandardCharsets.UTF_8))
                    .containsExactly(receipt.substring(0, 100));
            try (World w = persistent(dir)) {
                assertThat(w.ledger.height()).isEqualTo(height - 1);
            }
        }
    }
}
