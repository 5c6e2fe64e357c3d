package org.depa.payments.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.PaymentInstruction;

/**
 * What a relay starting without a checkpoint does first. Replaying every receipt since block 0
 * settled each one inline before the relay reached the current run (on a long-lived ledger, an old
 * PENDING instruction got its deferral, a ledger transaction, one by one). Instead it reads the
 * ledger's last block B, then every PENDING instruction from the state (the catalogue's
 * Payments.LIST_PENDING, as of B or later) into the journal as waiting (the retry pass settles them, once: the journal and
 * the escrow guard every step), and writes B to {@code stateDir/caught-up} (durably, once). The
 * follower then leaves receipts of blocks up to B to that retry pass; the other old events (an
 * activation for the expiry watch, a revocation or expiry closing an escrow) it still reads, which
 * writes nothing to the ledger. A receipt committed after B is an event the follower settles (if
 * the state read saw it too, the second pass pays nothing).
 */
final class StateCatchUp {
    private StateCatchUp() {}

    /**
     * Reads {@code stateDir/caught-up}, or, for a relay with no checkpoint yet, catches up from the
     * state and writes it. Returns the block through which receipts come from the state, -1 when
     * every receipt is followed as an event (a relay that had a checkpoint before this file existed,
     * or a ledger client that cannot tell its last block).
     */
    static long prepare(
            Path stateDir,
            boolean hasCheckpoint,
            LedgerClient client,
            TypedLedger ledger,
            RelayJournal journal,
            java.util.function.Consumer<String> log) {
        Path file = stateDir.resolve("caught-up");
        if (Files.exists(file)) {
            return read(file);
        }
        if (hasCheckpoint) {
            return -1;
        }
        long last;
        try {
            last = client.lastBlock();
        } catch (UnsupportedOperationException e) {
            log.accept("this ledger client cannot tell its last block: replaying every receipt from the start");
            return -1;
        }
        int added = 0;
        java.util.List<PaymentInstruction> pending = ledger.evaluate(Payments.LIST_PENDING);
        for (PaymentInstruction p : pending) {
            if (journal.get(p.paymentId()).isEmpty()) {
                journal.put(JournalEntry.waiting(p.paymentId(), null, 0));
                added++;
            }
        }
        write(file, last);
        log.accept(
                "no checkpoint: read " + pending.size() + " PENDING instructions from the ledger's state as of block "
                        + last + " (" + added + " new to the journal, settled by the retry pass); receipts up to that"
                        + " block are not settled again as events");
        return last;
    }

    private static long read(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(
                    "unreadable " + file + " (the block the relay caught up to from the ledger's state): "
                            + e.getMessage(),
                    e);
        }
    }

    private static void write(Path file, long block) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, block + "\n", StandardCharsets.UTF_8);
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
