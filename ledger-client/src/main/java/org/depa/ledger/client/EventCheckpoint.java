package org.depa.ledger.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Where an event consumer is in the ledger's event stream: the block and transaction of the last
 * event it handled, kept in a file replaced atomically after each event. A consumer that restarts
 * resumes right after that event: no gap, no repeat. A transaction emits at most one chaincode
 * event, so (block, transaction) is a unique position.
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
        try {
            if (Files.exists(file)) {
                String[] parts =
                        Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
                return new EventCheckpoint(file, Long.parseLong(parts[0]), parts.length > 1 ? parts[1] : null);
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable event checkpoint " + file, e);
        }
        return new EventCheckpoint(file, firstBlock, null);
    }

    public long block() {
        return block;
    }

    public String txId() {
        return txId;
    }

    /** Records that {@code event} was handled. */
    public void record(LedgerEventRecord event) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, event.blockNumber() + " " + event.txId() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            block = event.blockNumber();
            txId = event.txId();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event checkpoint " + file, e);
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
