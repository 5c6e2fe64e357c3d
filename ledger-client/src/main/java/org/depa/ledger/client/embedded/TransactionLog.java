package org.depa.ledger.client.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.depa.ledger.model.Hashes;

/**
 * The embedded ledger's disk form: one JSON line per committed transaction, each carrying the hash
 * of the line before it, so a restart rebuilds state and history by replay and a tampered or
 * reordered file is detected rather than silently believed. A torn last line (a crash mid-write)
 * is dropped: that transaction never reported success.
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
            String previousHash) {
        /** Key-level endorsement policies set (base64 SignaturePolicyEnvelope); none in older files. */
        @Override
        public List<Write> metadataWrites() {
            return metadataWrites == null ? List.of() : metadataWrites;
        }
    }

    record Write(String key, String value) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String GENESIS_HASH = "0".repeat(64);

    private final FileChannel channel;
    private final boolean sync;
    private String lastHash;

    private TransactionLog(FileChannel channel, boolean sync, String lastHash) {
        this.channel = channel;
        this.sync = sync;
        this.lastHash = lastHash;
    }

    /** Opens (creating if needed) the log in {@code dir} and replays every entry to {@code replay}. */
    static TransactionLog open(Path dir, boolean sync, Consumer<Entry> replay) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("ledger.jsonl");
            String last = GENESIS_HASH;
            long validBytes = 0;
            if (Files.exists(file)) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    long expectedBlock = 1;
                    while ((line = in.readLine()) != null) {
                        Entry e;
                        try {
                            e = MAPPER.readValue(line, Entry.class);
                        } catch (IOException torn) {
                            if (in.readLine() != null) {
                                throw new IllegalStateException(
                                        "ledger file " + file + " is corrupt at block " + expectedBlock);
                            }
                            break;
                        }
                        if (!last.equals(e.previousHash()) || e.block() != expectedBlock) {
                            throw new IllegalStateException(
                                    "ledger file " + file + " fails its hash chain at block " + e.block());
                        }
                        replay.accept(e);
                        last = Hashes.sha256Hex(line);
                        validBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                        expectedBlock++;
                    }
                }
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (validBytes > ch.size()) {
                // The last entry is whole but lost its newline: restore it, or the next entry would be
                // appended one byte past the end and glued to it.
                ch.position(ch.size());
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
            ch.truncate(validBytes);
            ch.position(validBytes);
            return new TransactionLog(ch, sync, last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open ledger in " + dir, e);
        }
    }

    String lastHash() {
        return lastHash;
    }

    void append(Entry entry) {
        try {
            String line = MAPPER.writeValueAsString(entry);
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (sync) {
                channel.force(false);
            }
            lastHash = Hashes.sha256Hex(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger file", e);
        }
    }

    static List<Write> writes(java.util.Map<String, byte[]> writes) {
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
        }
    }
}
