package org.depa.payments.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's log on disk: what one instance writes another reads, a round is one append, an
 * append cut short by a kill is ignored and cut off, an earlier relay's per-entry files are read,
 * the log is rewritten when it grows, entries kept for later are on disk only after a sync.
 */
class RelayJournalTest {
    @TempDir
    Path dir;

    private static JournalEntry signed(String id, long nonce) {
        return JournalEntry.waiting(id, null, 0).signed(nonce, "0xf86b" + nonce, "0xhash" + nonce);
    }

    private long lines() throws IOException {
        return Files.readAllLines(dir.resolve(RelayJournal.LOG)).size();
    }

    @Test
    void whatOneInstanceWritesAnotherReadsAndTheLastLineOfAnInstructionIsItsEntry() throws IOException {
        RelayJournal writer = new RelayJournal(dir);
        RelayJournal reader = new RelayJournal(dir);
        writer.put(JournalEntry.waiting("c1.icmr", "escrow not funded", 0));
        assertThat(reader.get("c1.icmr").orElseThrow().reason()).isEqualTo("escrow not funded");
        writer.put(signed("c1.icmr", 7));
        assertThat(reader.get("c1.icmr").orElseThrow().state()).isEqualTo(JournalEntry.State.SIGNED);
        assertThat(reader.highestNonce()).isEqualTo(7);
        assertThat(new RelayJournal(dir).all())
                .extracting(JournalEntry::paymentId, JournalEntry::nonce)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c1.icmr", 7L));
        assertThat(reader.get("c2.icmr")).isEmpty();
    }

    @Test
    void aRoundIsOneAppendOfAllItsEntriesWithTheOnesKeptForLater() throws IOException {
        RelayJournal journal = new RelayJournal(dir);
        journal.put(signed("c0.icmr", 1));
        journal.putLater(signed("c0.icmr", 1).recorded());
        List<JournalEntry> round = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            round.add(signed("c" + (i + 1) + ".icmr", 2 + i));
        }
        long before = lines();
        journal.putAll(round);
        assertThat(lines() - before).as("16 signatures and the RECORDED kept").isEqualTo(17);
        RelayJournal after = new RelayJournal(dir);
        assertThat(after.all()).hasSize(17);
        assertThat(after.get("c0.icmr").orElseThrow().state()).isEqualTo(JournalEntry.State.RECORDED);
        assertThat(after.highestNonce()).isEqualTo(17);
    }

    @Test
    void anEntryKeptForLaterIsOnDiskOnlyAfterTheNextSyncOrClose() {
        RelayJournal journal = new RelayJournal(dir);
        journal.put(signed("c1.icmr", 3));
        journal.putLater(signed("c1.icmr", 3).recorded());
        assertThat(journal.get("c1.icmr").orElseThrow().state()).isEqualTo(JournalEntry.State.RECORDED);
        assertThat(new RelayJournal(dir).get("c1.icmr").orElseThrow().state())
                .as("lost with the process: SIGNED on disk")
                .isEqualTo(JournalEntry.State.SIGNED);
        journal.close();
        assertThat(new RelayJournal(dir).get("c1.icmr").orElseThrow().state()).isEqualTo(JournalEntry.State.RECORDED);
    }

    /**
     * A kill in the middle of an append leaves part of a line without its newline: no caller was
     * told it was written (the send comes only after the sync returns). Readers ignore it; the next
     * writer cuts it off before appending, so the log stays readable line by line.
     */
    @Test
    void anAppendCutShortByAKillIsIgnoredAndCutOffByTheNextWriter() throws IOException {
        new RelayJournal(dir).put(signed("c1.icmr", 4));
        String torn = new ObjectMapper().writeValueAsString(signed("c2.icmr", 5));
        Files.writeString(
                dir.resolve(RelayJournal.LOG),
                torn.substring(0, torn.length() / 2),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        RelayJournal restarted = new RelayJournal(dir);
        assertThat(restarted.all()).extracting(JournalEntry::paymentId).containsExactly("c1.icmr");
        assertThat(restarted.highestNonce()).isEqualTo(4);
        restarted.put(signed("c3.icmr", 5));
        assertThat(new RelayJournal(dir).all())
                .extracting(JournalEntry::paymentId)
                .containsExactly("c1.icmr", "c3.icmr");
        assertThat(Files.readString(dir.resolve(RelayJournal.LOG))).doesNotContain("c2.icmr");
    }

    @Test
    void aDamagedLineInsideTheLogIsRefusedNamingWhere() throws IOException {
        new RelayJournal(dir).put(signed("c1.icmr", 4));
        Files.writeString(
                dir.resolve(RelayJournal.LOG), "{not json}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new RelayJournal(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("unreadable relay journal line at byte")
                .hasMessageContaining(RelayJournal.LOG);
    }

    /** A relay upgraded in place: its journal of one file per instruction is read, the log overrides it. */
    @Test
    void anEarlierRelaysFilePerInstructionIsReadAndTheLogOverridesIt() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Files.write(dir.resolve("c1.icmr.json"), json.writeValueAsBytes(signed("c1.icmr", 9)));
        Files.write(dir.resolve("c2.icmr.json"), json.writeValueAsBytes(signed("c2.icmr", 10)));
        Files.writeString(dir.resolve("stopped-at"), "before-send c1.icmr\n");
        RelayJournal journal = new RelayJournal(dir);
        assertThat(journal.all()).extracting(JournalEntry::paymentId).containsExactly("c1.icmr", "c2.icmr");
        assertThat(journal.highestNonce()).isEqualTo(10);
        journal.put(signed("c1.icmr", 9).recorded());
        RelayJournal after = new RelayJournal(dir);
        assertThat(after.get("c1.icmr").orElseThrow().state()).isEqualTo(JournalEntry.State.RECORDED);
        assertThat(after.get("c2.icmr").orElseThrow().state()).isEqualTo(JournalEntry.State.SIGNED);
    }

    @Test
    void aLogOfMostlySupersededLinesIsRewrittenWithTheEntriesOnly() throws IOException {
        RelayJournal journal = new RelayJournal(dir);
        RelayJournal reader = new RelayJournal(dir);
        reader.all();
        for (int i = 0; i < RelayJournal.COMPACT_SLACK + 10; i++) {
            journal.put(signed("c" + (i % 3) + ".icmr", i));
        }
        assertThat(lines())
                .as("rewritten once it passed 2 x 3 + %d lines", RelayJournal.COMPACT_SLACK)
                .isLessThan(RelayJournal.COMPACT_SLACK);
        assertThat(new RelayJournal(dir).all())
                .extracting(JournalEntry::nonce)
                .containsExactlyInAnyOrder(
                        (long) RelayJournal.COMPACT_SLACK + 9,
                        (long) RelayJournal.COMPACT_SLACK + 8,
                        (long) RelayJournal.COMPACT_SLACK + 7);
        // An instance that read the old file sees the new one, and its writes land in it.
        assertThat(reader.highestNonce()).isEqualTo(RelayJournal.COMPACT_SLACK + 9);
        reader.put(signed("c9.icmr", 5000));
        assertThat(journal.get("c9.icmr")).isPresent();
        assertThat(new RelayJournal(dir).all()).hasSize(4);
    }

    @Test
    void theLogIsReadableByItsOwnerOnlyWhenWrittenAndWhenRewrittenEvenUnderAWideUmask() throws IOException {
        Path log = dir.resolve(RelayJournal.LOG);
        // An earlier relay's log left open to everyone is narrowed at the next write.
        Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        RelayJournal journal = new RelayJournal(dir);
        journal.put(signed("c1.icmr", 1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
        for (int i = 0; i < RelayJournal.COMPACT_SLACK + 10; i++) {
            journal.put(signed("c" + (i % 3) + ".icmr", i + 2));
        }
        assertThat(lines()).as("rewritten").isLessThan(RelayJournal.COMPACT_SLACK);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
    }

    @Test
    void aPaymentIdThatIsNoFileNameIsRefusedNamingIt() {
        RelayJournal journal = new RelayJournal(dir);
        assertThatThrownBy(() -> journal.put(JournalEntry.waiting("../etc/passwd", null, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a payment id: ../etc/passwd");
        assertThatThrownBy(() -> journal.get("C1 ICMR")).hasMessageContaining("not a payment id: C1 ICMR");
    }
}
