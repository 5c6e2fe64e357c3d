package org.depa.ledger.client.embedded;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.function.Consumer;
import org.depa.ledger.model.Hashes;

/**
 * One pass over {@code ledger.jsonl}: every line checked (format, order, hash link, node signature)
 * and handed to {@code replay} in order, until the end or the first damaged line. Changes nothing.
 */
final class LedgerScan {
    /** The first line that fails its checks: its 1-based number, its byte offset, and why. */
    record Damage(long line, long offset, String reason) {}

    /**
     * What the pass found.
     *
     * @param blocks the number of good lines
     * @param lastHash the SHA-256 of the last good line (the genesis hash when none)
     * @param validBytes the bytes the good lines take, newlines included
     * @param missingFinalNewline the last good line is whole but its newline was not written
     * @param tornBytes the length of an unterminated final fragment that is not a good line (0: none)
     * @param damage the first bad terminated line, or null
     * @param hashAtHead the hash of the line at the head's block, or null if the pass did not reach it
     * @param fileBytes the file's size
     */
    record Result(
            long blocks,
            String lastHash,
            long validBytes,
            boolean missingFinalNewline,
            long tornBytes,
            Damage damage,
            String hashAtHead,
            long fileBytes) {}

    private LedgerScan() {}

    static Result scan(Path file, PublicKey nodeKey, long headBlock, Consumer<TransactionLog.Entry> replay) {
        if (!Files.exists(file)) {
            return new Result(
                    0,
                    BlockFormat.GENESIS_HASH,
                    0,
                    false,
                    0,
                    null,
                    headBlock == 0 ? BlockFormat.GENESIS_HASH : null,
                    0);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long fileBytes = Files.size(file);
            long offset = 0;
            long blocks = 0;
            String last = BlockFormat.GENESIS_HASH;
            String hashAtHead = headBlock == 0 ? BlockFormat.GENESIS_HASH : null;
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            while (true) {
                line.reset();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                boolean terminated = b == '\n';
                if (!terminated && line.size() == 0) {
                    return new Result(blocks, last, offset, false, 0, null, hashAtHead, fileBytes);
                }
                byte[] bytes = line.toByteArray();
                TransactionLog.Entry entry;
                try {
                    entry = BlockFormat.check(bytes, blocks + 1, last, nodeKey);
                } catch (BlockFormat.BadLine bad) {
                    if (!terminated) {
                        return new Result(blocks, last, offset, false, bytes.length, null, hashAtHead, fileBytes);
                    }
                    return new Result(
                            blocks,
                            last,
                            offset,
                            false,
                            0,
                            new Damage(blocks + 1, offset, bad.getMessage()),
                            hashAtHead,
                            fileBytes);
                }
                replay.accept(entry);
                blocks++;
                last = Hashes.sha256Hex(bytes);
                if (blocks == headBlock) {
                    hashAtHead = last;
                }
                offset += bytes.length + (terminated ? 1 : 0);
                if (!terminated) {
                    return new Result(blocks, last, offset, true, 0, null, hashAtHead, fileBytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger file " + file, e);
        }
    }
}
