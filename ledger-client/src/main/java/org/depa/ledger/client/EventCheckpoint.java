package org.depa.ledger.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Where an event consumer is in the ledger's event stream: the block and transaction of the last
 * event it handled, kept in a file replaced atomically after each event. A consumer that restarts
 * resumes right after that event: no gap, no repeat. A transaction emits at most one chaincode
 * event, so (block, transaction) is a unique position.
 *
 * <p>The new position is forced to disk before the rename and the directory after it: a consumer
 * that handled an event (a settlement sent, a clean room launched) must not wake up after a power
 * loss at an older position, nor at an empty file.
 */
public final class EventCheckpoint {
    private final Path file;
    private long block;
    private String txId;

    private EventCheckpoint(Path file, long block, String txId) {
        this.file = file;
        this.block = block;
        this.txId = txId;
    }

    /** Opens the checkpoint in {@code file}, or starts at {@code firstBlock} when there is none. */
    public static EventCheckpoint open(Path file, long firstBlock) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return new EventCheckpoint(file, firstBlock, null);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable event checkpoint " + file + ": " + e.getMessage(), e);
        }
        String[] parts = text.split(" ");
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalStateException("malformed event checkpoint " + file
                    + ": expected \"BLOCK [TXID]\", found \"" + shorten(text) + "\"");
        }
        try {
            long block = Long.parseLong(parts[0]);
            if (block < 0) {
                throw new NumberFormatException("negative");
            }
            return new EventCheckpoint(file, block, parts.length > 1 ? parts[1] : null);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "malformed event checkpoint " + file + ": block \"" + shorten(parts[0])
                            + "\" is not a block number",
                    e);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    public long block() {
        return block;
    }

    public String txId() {
        return txId;
    }

    /** Records that {@code event} was handled, durably. */
    public void record(LedgerEventRecord event) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, event.blockNumber() + " " + event.txId() + "\n", StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.toAbsolutePath().getParent());
            block = event.blockNumber();
            txId = event.txId();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event checkpoint " + file, e);
        }
    }

    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform lets a directory be opened; the file's own force has run.
        }
    }

    /**
     * The events after this checkpoint. The caller handles each event and then calls
     * {@link #record}; events already handled in the checkpoint's block are skipped.
     */
    public LedgerClient.EventStream resume(LedgerClient client) {
        LedgerClient.EventStream inner = client.events(block);
        String skipThrough = txId;
        long skipBlock = block;
        return new LedgerClient.EventStream() {
            private LedgerEventRecord pending;
            private boolean skipping = skipThrough != null;

            @Override
            public boolean hasNext() {
                while (pending == null && inner.hasNext()) {
                    LedgerEventRecord e = inner.next();
                    if (skipping && e.blockNumber() == skipBlock) {
                        if (e.txId().equals(skipThrough)) {
                            skipping = false;
                        }
                        continue;
                    }
                    skipping = false;
                    pending = e;
                }
                return pending != null;
            }

            @Override
            public LedgerEventRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("event stream closed");
                }
                LedgerEventRecord e = pending;
                pending = null;
                return e;
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
