package org.depa.payments.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The relay's durable memory: what it knows of each payment instruction, appended as one JSON line
 * per entry to {@code journal.log} and synced ({@code fdatasync}) before the step it announces (a
 * signed transaction is on disk before it is sent), so a relay killed at any point resumes from
 * what it last wrote. The last line for an instruction is its entry.
 *
 * <p>Group commit: {@link #putAll} writes any number of entries with one append and one sync, so
 * a round of settlements in flight costs one sync, as one settlement does. (Before, each entry was
 * a file of its own, replaced by rename: a round of 16 cost 16 file syncs, 16 renames and a
 * directory sync, the largest share of the relay's own time in the benchmark's profile.) A kill
 * during the append leaves at most a last line without its newline, written by no call that
 * returned: it is ignored, and cut off before the next append.
 *
 * <p>Only the write before the send is needed for exactly-once. An entry that merely records what
 * the chain or the ledger already holds (RECORDED: the ledger has the settlement) is kept in
 * memory by {@link #putLater} and written with the next sync ({@link #put}, {@link #putAll},
 * {@link #flush}, {@link #close}): lost with the process, it leaves the entry SIGNED, and the next
 * pass reads the ledger (SETTLED: no new record) and the chain (the receipt: the same bytes, never
 * a new payout) before acting.
 *
 * <p>One writer per directory (the relay process); other instances on the same directory (a
 * test, a status reader) see its lines as they are appended. A journal written by an earlier
 * relay (one {@code <paymentId>.json} per instruction) is read as it is; its entries are
 * overridden by the log's. The log is rewritten with only the current entries (to a new file,
 * synced, renamed into place) once it holds more than twice as many lines as entries, plus {@link
 * #COMPACT_SLACK}.
 */
public final class RelayJournal implements AutoCloseable {
    /** The log's name in the journal's directory. */
    static final String LOG = "journal.log";
    /** Superseded lines allowed beyond the entries before the log is rewritten. */
    static final int COMPACT_SLACK = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();
    // Payment ids are <contractId>.<payeeId> of [a-z0-9._-]: safe as file names.
    private static final Pattern PAYMENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,129}");
    private final Path dir;
    private final Path log;
    /** Every durable entry, by payment id, as read from the directory and the log. */
    private final Map<String, JournalEntry> entries = new TreeMap<>();
    /** Entries to be written with the next sync ({@link #putLater}), by payment id. */
    private final Map<String, JournalEntry> later = new TreeMap<>();
    /** The highest nonce of any entry, or -1. */
    private long highestNonce = -1;
    /** The log file read ({@code fileKey} of its attributes: replaced by a compaction), or null. */
    private Object logKey;
    /** Bytes of the log read: its complete lines. */
    private long readTo;
    /** Lines in the log (for compaction). */
    private long lines;
    /** Open once this instance writes. */
    private FileChannel out;
    /** Whether an earlier relay's entry files were read (once, unless the log is replaced). */
    private boolean filesRead;

    public RelayJournal(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the relay journal " + dir, e);
        }
        this.log = this.dir.resolve(LOG);
        refresh();
    }

    public synchronized Optional<JournalEntry> get(String paymentId) {
        checkId(paymentId);
        JournalEntry pending = later.get(paymentId);
        if (pending != null) {
            return Optional.of(pending);
        }
        refresh();
        return Optional.ofNullable(entries.get(paymentId));
    }

    /** Writes {@code entry} (and the entries kept by {@link #putLater}), synced when this returns. */
    public synchronized void put(JournalEntry entry) {
        putAll(List.of(entry));
    }

    /**
     * Writes several entries, and those kept by {@link #putLater}, with one append and one sync:
     * all are on disk when this returns; a crash before leaves none of them or (a torn append) an
     * unfinished last line that is ignored.
     */
    public synchronized void putAll(List<JournalEntry> given) {
        Map<String, JournalEntry> byId = new LinkedHashMap<>(later);
        for (JournalEntry e : given) {
            checkId(e.paymentId());
            byId.put(e.paymentId(), e);
        }
        if (byId.isEmpty()) {
            return;
        }
        refresh();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(700 * byId.size());
        try {
            for (JournalEntry e : byId.values()) {
                bytes.write(JSON.writeValueAsBytes(e));
                bytes.write('\n');
            }
            FileChannel c = output();
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            long at = readTo;
            while (b.hasRemaining()) {
                at += c.write(b, at);
            }
            c.force(false);
            readTo = at;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write relay journal entries to " + log, e);
        }
        later.clear();
        for (JournalEntry e : byId.values()) {
            remember(e);
        }
        lines += byId.size();
        if (lines > 2L * entries.size() + COMPACT_SLACK) {
            compact();
        }
    }

    /**
     * Keeps {@code entry} in memory (what {@link #get} and {@link #all} return) and writes it with
     * the next sync. Only for an entry whose loss is safe: one that records what the ledger or the
     * chain already holds, which the next pass reads before acting.
     */
    public synchronized void putLater(JournalEntry entry) {
        checkId(entry.paymentId());
        later.put(entry.paymentId(), entry);
    }

    /** Writes the entries kept by {@link #putLater}, with one sync (nothing when there are none). */
    public synchronized void flush() {
        if (!later.isEmpty()) {
            putAll(List.of());
        }
    }

    /** Every entry, in payment-id order. */
    public synchronized List<JournalEntry> all() {
        refresh();
        Map<String, JournalEntry> out = new TreeMap<>(entries);
        out.putAll(later);
        return new ArrayList<>(out.values());
    }

    /** The highest nonce this relay has signed, or -1 (kept as entries are read and written). */
    public synchronized long highestNonce() {
        refresh();
        return highestNonce;
    }

    /** Writes the entries kept by {@link #putLater} and closes the log. */
    @Override
    public synchronized void close() {
        flush();
        closeOutput();
    }

    /**
     * Reads what was appended to the log since the last look (by this instance or another), or
     * the whole log again when it is a new file (the first look, or rewritten by a compaction).
     */
    private void refresh() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(log, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (logKey != null || !filesRead) {
                reset(null);
            }
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relay journal " + log, e);
        }
        // A new file (the first look, or a compaction's), or one shorter than what was read (a
        // compaction's file on a reused inode): read from its start.
        if (!Objects.equals(a.fileKey(), logKey) || a.size() < readTo) {
            reset(a.fileKey());
        }
        if (a.size() > readTo) {
            readLines(a.size());
        }
    }

    /** Forgets what was read and reads the entries of an earlier relay's files. */
    private void reset(Object key) {
        closeOutput();
        entries.clear();
        highestNonce = -1;
        readTo = 0;
        lines = 0;
        logKey = key;
        filesRead = true;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                try {
                    remember(JSON.readValue(p.toFile(), JournalEntry.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable relay journal entry " + p, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the relay journal " + dir, e);
        }
    }

    /** Reads the complete lines from {@code readTo} up to {@code size}; an unfinished last one waits. */
    private void readLines(long size) {
        byte[] tail;
        try (FileChannel in = FileChannel.open(log, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - readTo));
            long at = readTo;
            while (b.hasRemaining() && in.read(b, at) > 0) {
                at = readTo + b.position();
            }
            tail = java.util.Arrays.copyOf(b.array(), b.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relay journal " + log, e);
        }
        int start = 0;
        for (int i = 0; i < tail.length; i++) {
            if (tail[i] != '\n') {
                continue;
            }
            try {
                remember(JSON.readValue(tail, start, i - start, JournalEntry.class));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "unreadable relay journal line at byte " + (readTo + start) + " of " + log, e);
            }
            lines++;
            start = i + 1;
        }
        readTo += start;
    }

    private void remember(JournalEntry e) {
        entries.put(e.paymentId(), e);
        if (e.nonce() != null && e.nonce() > highestNonce) {
            highestNonce = e.nonce();
        }
    }

    /**
     * The log, open for writing at its last complete line: an unfinished line after it (an append
     * a kill cut short, which no caller was told had succeeded) is cut off.
     */
    private FileChannel output() throws IOException {
        if (out == null) {
            boolean created = !Files.exists(log);
            out = openOwnerOnly(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (created) {
                syncDirectory();
                logKey = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
            }
            if (out.size() > readTo) {
                out.truncate(readTo);
                out.force(false);
            }
        }
        return out;
    }

    /** Rewrites the log with the current entries only: a new file, synced, renamed into place. */
    private void compact() {
        Path tmp = dir.resolve(LOG + ".tmp");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JournalEntry e : entries.values()) {
                bytes.write(JSON.writeValueAsBytes(e));
                bytes.write('\n');
            }
            try (FileChannel c = openOwnerOnly(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            }
            closeOutput();
            Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            logKey = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
            readTo = bytes.size();
            lines = entries.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the relay journal " + log, e);
        }
    }

    /**
     * Opens (creating if absent) a journal file readable by its owner only: the log holds the relay's signed
     * transactions and its state, which no other user of the machine needs (a deployment's files are owner-only).
     * On a file system without POSIX permissions the file is opened as it is.
     */
    static FileChannel openOwnerOnly(Path file, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> set = new HashSet<>(Arrays.asList(options));
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, set);
        }
        FileChannel c = FileChannel.open(file, set, OWNER_ONLY);
        // A file this call did not create (an earlier relay's, made under a wider umask) is narrowed too.
        Files.setPosixFilePermissions(file, OWNER_ONLY.value());
        return c;
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void closeOutput() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // every write was synced before this
            }
            out = null;
        }
    }

    private static void checkId(String paymentId) {
        if (paymentId == null || !PAYMENT_ID.matcher(paymentId).matches()) {
            throw new IllegalArgumentException("not a payment id: " + paymentId);
        }
    }
}
