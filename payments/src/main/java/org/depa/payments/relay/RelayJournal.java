package org.depa.payments.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The relay's durable memory: one JSON file per payment instruction, replaced atomically and
 * synced to disk before the step it announces (a signed transaction is on disk before it is
 * sent), so a relay killed at any point resumes from what it last wrote.
 *
 * <p>Only that write is needed for exactly-once. An entry that merely records what the chain or
 * the ledger already holds (RECORDED: the ledger has the settlement) is kept in memory by {@link
 * #putLater} and written with the next sync ({@link #put}, {@link #putAll}, {@link #flush}): lost
 * with the process, it leaves the entry SIGNED, and the next pass reads the ledger (SETTLED: no
 * new record) and the chain (the receipt: the same bytes, never a new payout) before acting.
 */
public final class RelayJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    /** The highest nonce in the journal, read once and then kept as entries are written; null until read. */
    private Long highestNonce;
    /** Entries to be written with the next sync ({@link #putLater}), by payment id. */
    private final java.util.Map<String, JournalEntry> later = new java.util.TreeMap<>();

    public RelayJournal(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the relay journal " + dir, e);
        }
    }

    public synchronized Optional<JournalEntry> get(String paymentId) {
        JournalEntry pending = later.get(paymentId);
        if (pending != null) {
            return Optional.of(pending);
        }
        Path f = file(paymentId);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), JournalEntry.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable relay journal entry " + f, e);
        }
    }

    public synchronized void put(JournalEntry entry) {
        if (!later.isEmpty()) {
            List<JournalEntry> all = new ArrayList<>(later.values());
            all.removeIf(e -> e.paymentId().equals(entry.paymentId()));
            all.add(entry);
            putAll(all);
            return;
        }
        Path f = file(entry.paymentId());
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(entry));
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write relay journal entry " + f, e);
        }
        if (highestNonce != null && entry.nonce() != null && entry.nonce() > highestNonce) {
            highestNonce = entry.nonce();
        }
    }

    /**
     * Writes several entries with one sync of the directory: each file is written and forced, then
     * each renamed into place, then the directory forced once. After a crash each entry is its old
     * or its new version; all are on disk when this returns.
     */
    public synchronized void putAll(List<JournalEntry> given) {
        java.util.Map<String, JournalEntry> byId = new java.util.LinkedHashMap<>(later);
        for (JournalEntry e : given) {
            byId.put(e.paymentId(), e);
        }
        List<JournalEntry> entries = new ArrayList<>(byId.values());
        later.clear();
        List<Path[]> moves = new ArrayList<>();
        try {
            for (JournalEntry entry : entries) {
                Path f = file(entry.paymentId());
                Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
                Files.write(tmp, JSON.writeValueAsBytes(entry));
                moves.add(new Path[] {tmp, f});
            }
            for (Path[] m : moves) {
                try (FileChannel c = FileChannel.open(m[0], StandardOpenOption.WRITE)) {
                    c.force(true);
                }
            }
            for (Path[] m : moves) {
                Files.move(m[0], m[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write relay journal entries in " + dir, e);
        }
        for (JournalEntry entry : entries) {
            if (highestNonce != null && entry.nonce() != null && entry.nonce() > highestNonce) {
                highestNonce = entry.nonce();
            }
        }
    }

    /**
     * Keeps {@code entry} in memory (what {@link #get} and {@link #all} return) and writes it with
     * the next sync. Only for an entry whose loss is safe: one that records what the ledger or the
     * chain already holds, which the next pass reads before acting.
     */
    public synchronized void putLater(JournalEntry entry) {
        file(entry.paymentId());
        later.put(entry.paymentId(), entry);
    }

    /** Writes the entries kept by {@link #putLater}, with one sync (nothing when there are none). */
    public synchronized void flush() {
        if (!later.isEmpty()) {
            putAll(List.of());
        }
    }

    /** Every entry, in file-name order. */
    public synchronized List<JournalEntry> all() {
        java.util.Map<String, JournalEntry> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(p -> {
                String id = p.getFileName().toString().replaceFirst("\\.json$", "");
                get(id).ifPresent(e -> out.put(id, e));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the relay journal " + dir, e);
        }
        out.putAll(later);
        return new ArrayList<>(out.values());
    }

    /**
     * The highest nonce this relay has signed, or -1. Read from every entry once, then kept as
     * entries are written: a scan per settlement made each one slower than the last (the profile's
     * largest step on a journal of a few hundred entries).
     */
    public synchronized long highestNonce() {
        if (highestNonce == null) {
            highestNonce = all().stream()
                    .filter(e -> e.nonce() != null)
                    .mapToLong(JournalEntry::nonce)
                    .max()
                    .orElse(-1);
        }
        return highestNonce;
    }

    private Path file(String paymentId) {
        // Payment ids are <contractId>.<payeeId> of [a-z0-9._-]: safe as file names.
        if (!paymentId.matches("[a-z0-9][a-z0-9._-]{1,129}")) {
            throw new IllegalArgumentException("not a payment id: " + paymentId);
        }
        return dir.resolve(paymentId + ".json");
    }
}
