package org.depa.ledger.client.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** {@code head.json}: the signed last block, replaced atomically (a new file renamed over the old). */
final class HeadFile {
    static final String FILE = "head.json";
    private static final String TEMP = "head.json.tmp";

    private HeadFile() {}

    static Optional<BlockFormat.Head> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BlockFormat.parseHead(Files.readAllBytes(file)));
        } catch (BlockFormat.BadLine e) {
            throw new LedgerStorageException(file + " " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path dir, BlockFormat.Head head, boolean sync) {
        Path temp = dir.resolve(TEMP);
        try {
            Files.write(temp, BlockFormat.headBytes(head));
            if (sync) {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (sync) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /** Makes a rename in {@code dir} durable; where a directory cannot be opened, the rename stands as it is. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform lets a directory be opened; the file's own force has run.
        }
    }
}
