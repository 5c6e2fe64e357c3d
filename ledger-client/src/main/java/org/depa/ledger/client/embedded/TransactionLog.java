package org.depa.ledger.client.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.depa.ledger.model.Hashes;

/**
 * The embedded ledger's disk form ({@link BlockFormat}): one signed, hash-chained line per committed
 * transaction in {@code ledger.jsonl}, the signed head in {@code head.json}, the node key, and the
 * directory lock. At open every line is checked and replayed; a committed line is never dropped:
 * only an unterminated final fragment (a crash mid-write: that transaction never reported success)
 * is discarded, with a warning. Any other damage refuses the open, naming the line, and changes
 * nothing ({@link LedgerRepair} moves a damaged tail aside).
 */
final class TransactionLog implements AutoCloseable {
    /** One committed transaction as stored. Values are base64; a null value is a delete. */
    record Entry(
            long block,
            String txId,
            String timestamp,
            String creatorMsp,
            String function,
            List<Write> writes,
            String eventName,
            String eventPayload,
            List<Write> metadataWrites,
            List<String> endorsers,
            String previousHash,
            String signature) {
        /** Key-level endorsement policies set (base64 SignaturePolicyEnvelope); none in older files. */
        @Override
        public List<Write> metadataWrites() {
            return metadataWrites == null ? List.of() : metadataWrites;
        }
    }

    record Write(String key, String value) {}

    static final String FILE = "ledger.jsonl";
    static final String GENESIS_HASH = BlockFormat.GENESIS_HASH;
    private static final Logger LOG = Logger.getLogger(TransactionLog.class.getName());

    private final Path dir;
    private final DirectoryLock lock;
    private final NodeKey key;
    private final FileChannel channel;
    private final boolean sync;
    private String lastHash;

    private TransactionLog(
            Path dir, DirectoryLock lock, NodeKey key, FileChannel channel, boolean sync, String lastHash) {
        this.dir = dir;
        this.lock = lock;
        this.key = key;
        this.channel = channel;
        this.sync = sync;
        this.lastHash = lastHash;
    }

    /**
     * Locks {@code dir}, checks every line against the node key and the signed head, replays each to
     * {@code replay}, and opens the file for appending.
     *
     * @param supplied the node key, or null for the one in {@code dir} (created with a new ledger)
     * @param pinned the public key the node key must have, or null
     */
    static TransactionLog open(Path dir, boolean sync, NodeKey supplied, PublicKey pinned, Consumer<Entry> replay) {
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            return open(dir, lock, sync, supplied, pinned, replay);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static TransactionLog open(
            Path dir, DirectoryLock lock, boolean sync, NodeKey supplied, PublicKey pinned, Consumer<Entry> replay) {
        Path file = dir.resolve(FILE);
        NodeKey key = NodeKeys.resolve(dir, supplied, pinned, hasBlocks(dir));
        BlockFormat.Head head = HeadFile.read(dir).orElse(null);
        if (head == null) {
            if (hasBlocks(dir)) {
                throw new LedgerStorageException(dir.resolve(HeadFile.FILE) + " is missing but " + file
                        + " has blocks: the signed head was removed, or the ledger was written before signed blocks;"
                        + " it cannot be trusted as it is");
            }
            head = BlockFormat.signedHead(0, GENESIS_HASH, key);
            HeadFile.write(dir, head, sync);
        } else if (!BlockFormat.headVerifies(head, key.publicKey())) {
            throw new LedgerStorageException(dir.resolve(HeadFile.FILE)
                    + " is not signed by this ledger's node key ("
                    + key.fingerprint().substring(0, 16)
                    + "...): it was changed or written by another node");
        }
        LedgerScan.Result scan = LedgerScan.scan(file, key.publicKey(), head.block(), replay);
        String repair = "; nothing was changed. `depa ledger repair --dir " + dir
                + "` moves the damaged lines aside into a dated file";
        if (scan.damage() != null) {
            throw new LedgerStorageException(
                    file + " line " + scan.damage().line() + " " + scan.damage().reason() + repair,
                    scan.damage().line(),
                    null);
        }
        if (head.block() > scan.blocks()) {
            throw new LedgerStorageException(
                    "the signed head (" + HeadFile.FILE + ") says block " + head.block() + " is committed but " + file
                            + " holds blocks up to " + scan.blocks()
                            + (scan.tornBytes() > 0 ? " and an unfinished line" : "")
                            + ": committed lines are missing" + repair,
                    scan.blocks() + 1,
                    null);
        }
        if (!head.hash().equals(scan.hashAtHead())) {
            throw new LedgerStorageException(
                    file + " line " + head.block() + " is not the line the signed head names (its hash differs): it was"
                            + " replaced" + repair,
                    head.block(),
                    null);
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (scan.tornBytes() > 0) {
                LOG.log(
                        Level.WARNING,
                        () -> "discarded an unfinished last line of " + scan.tornBytes() + " bytes in "
                                + file + " after block " + scan.blocks()
                                + " (a write interrupted by a crash; that transaction never reported success)");
                ch.truncate(scan.validBytes());
            } else if (scan.missingFinalNewline()) {
                // The last entry is whole and signed but lost its newline: restore it, or the next entry
                // would be glued to it.
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), scan.validBytes());
            }
            long end = scan.validBytes() + (scan.missingFinalNewline() ? 1 : 0);
            ch.position(end);
            if (sync) {
                ch.force(true);
            }
            if (scan.blocks() > head.block()) {
                // Written and signed by this node, which stopped before it updated the head.
                HeadFile.write(dir, BlockFormat.signedHead(scan.blocks(), scan.lastHash(), key), sync);
            }
            return new TransactionLog(dir, lock, key, ch, sync, scan.lastHash());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open ledger in " + dir, e);
        }
    }

    private static boolean hasBlocks(Path dir) {
        try {
            Path file = dir.resolve(FILE);
            return Files.exists(file) && Files.size(file) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
        }
    }

    String lastHash() {
        return lastHash;
    }

    NodeKey nodeKey() {
        return key;
    }

    void append(Entry entry) {
        try {
            String line = BlockFormat.signedLine(entry, key);
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (sync) {
                channel.force(false);
            }
            lastHash = Hashes.sha256Hex(line);
            HeadFile.write(dir, BlockFormat.signedHead(entry.block(), lastHash, key), sync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger file", e);
        }
    }

    static List<Write> writes(Map<String, byte[]> writes) {
        List<Write> out = new ArrayList<>(writes.size());
        writes.forEach((k, v) ->
                out.add(new Write(k, v == null ? null : Base64.getEncoder().encodeToString(v))));
        return out;
    }

    @Override
    public void close() {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the ledger file", e);
        } finally {
            lock.close();
        }
    }
}
