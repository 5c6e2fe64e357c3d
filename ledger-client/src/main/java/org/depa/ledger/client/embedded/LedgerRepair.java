package org.depa.ledger.client.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Checks an embedded ledger's directory, and repairs one that no longer opens by moving its damaged
 * tail aside, never deleting it: the lines from the first bad one to the end go into
 * {@code ledger.jsonl.damaged-<UTC time>}, the head into {@code head.json.damaged-<UTC time>} when
 * it no longer fits, and a new head is signed for the lines that remain. The blocks moved aside are
 * no longer part of the ledger; the report says how many and where they are.
 */
public final class LedgerRepair {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private LedgerRepair() {}

    /**
     * What a check or a repair found and did.
     *
     * @param blocks the good blocks (kept)
     * @param headBlock the block the signed head named before (-1: no head, or not signed by the node key)
     * @param problem what is wrong, or null when the ledger is sound
     * @param movedLines lines moved aside (a final unfinished line counts as one)
     * @param movedTo where they went, or null
     * @param headMovedTo where the old head went, or null
     */
    public record Report(long blocks, long headBlock, String problem, long movedLines, Path movedTo, Path headMovedTo) {
        public boolean sound() {
            return problem == null;
        }

        public boolean changed() {
            return movedTo != null || headMovedTo != null;
        }
    }

    /** Checks {@code dir} as an open would, changing nothing. */
    public static Report check(Path dir) {
        return run(dir, null, null);
    }

    /** Repairs {@code dir} with its own node key, stamping the moved files with the current UTC time. */
    public static Report repair(Path dir) {
        return repair(dir, null, Clock.systemUTC());
    }

    /** Repairs {@code dir}; {@code nodeKey} null means {@code dir/node.key}. */
    public static Report repair(Path dir, NodeKey nodeKey, Clock clock) {
        return run(dir, nodeKey, java.util.Objects.requireNonNull(clock, "clock"));
    }

    private static Report run(Path dir, NodeKey supplied, Clock clock) {
        Path file = dir.resolve(TransactionLog.FILE);
        if (!Files.isDirectory(dir)) {
            throw new LedgerStorageException(dir + " is not a directory");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            NodeKey key = NodeKeys.resolve(dir, supplied, null, Files.exists(file) && Files.size(file) > 0);
            BlockFormat.Head head = null;
            String headProblem = null;
            try {
                head = HeadFile.read(dir).orElse(null);
                if (head == null) {
                    headProblem = HeadFile.FILE + " is missing";
                } else if (!BlockFormat.headVerifies(head, key.publicKey())) {
                    headProblem = HeadFile.FILE + " is not signed by the node key";
                    head = null;
                }
            } catch (LedgerStorageException e) {
                headProblem = e.getMessage();
            }
            long headBlock = head == null ? -1 : head.block();
            LedgerScan.Result scan = LedgerScan.scan(file, key.publicKey(), headBlock, e -> {});
            String problem = problem(scan, head, headProblem);
            if (problem == null || clock == null) {
                return new Report(scan.blocks(), headBlock, problem, 0, null, null);
            }
            if (head != null && head.block() <= scan.blocks() && !head.hash().equals(scan.hashAtHead())) {
                throw new LedgerStorageException(
                        file + " line " + head.block() + " is signed by the node key but is"
                                + " not the line the signed head names; this is not damage a repair can undo: restore the"
                                + " directory from a backup",
                        head.block(),
                        null);
            }
            String stamp = STAMP.format(clock.instant());
            Path movedTo = null;
            long movedLines = 0;
            if (scan.validBytes() < scan.fileBytes()) {
                movedTo = unique(dir, TransactionLog.FILE + ".damaged-" + stamp);
                movedLines = moveTail(file, scan.validBytes(), movedTo);
            }
            Path headMovedTo = null;
            if (Files.exists(dir.resolve(HeadFile.FILE)) && (head == null || head.block() != scan.blocks())) {
                headMovedTo = unique(dir, HeadFile.FILE + ".damaged-" + stamp);
                Files.copy(dir.resolve(HeadFile.FILE), headMovedTo, StandardCopyOption.COPY_ATTRIBUTES);
            }
            if (scan.missingFinalNewline()) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), scan.validBytes());
                    ch.force(true);
                }
            }
            HeadFile.write(dir, BlockFormat.signedHead(scan.blocks(), scan.lastHash(), key), true);
            return new Report(scan.blocks(), headBlock, problem, movedLines, movedTo, headMovedTo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair the ledger in " + dir, e);
        }
    }

    private static String problem(LedgerScan.Result scan, BlockFormat.Head head, String headProblem) {
        if (scan.damage() != null) {
            return TransactionLog.FILE + " line " + scan.damage().line() + " "
                    + scan.damage().reason();
        }
        if (scan.tornBytes() > 0) {
            return TransactionLog.FILE + " ends with an unfinished line of " + scan.tornBytes() + " bytes after block "
                    + scan.blocks();
        }
        if (headProblem != null) {
            return headProblem;
        }
        if (head.block() > scan.blocks()) {
            return "the signed head says block " + head.block() + " is committed but " + TransactionLog.FILE
                    + " holds blocks up to " + scan.blocks();
        }
        if (!head.hash().equals(scan.hashAtHead())) {
            return TransactionLog.FILE + " line " + head.block() + " is not the line the signed head names";
        }
        return null;
    }

    /** Copies the bytes from {@code from} to the end into {@code target}, then cuts them off {@code file}. */
    private static long moveTail(Path file, long from, Path target) throws IOException {
        long lines = 0;
        boolean pending = false;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            in.position(from);
            try (InputStream src = java.nio.channels.Channels.newInputStream(in);
                    OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = src.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                            pending = false;
                        } else {
                            pending = true;
                        }
                    }
                }
            }
            try (FileChannel t = FileChannel.open(target, StandardOpenOption.WRITE)) {
                t.force(true);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(from);
            ch.force(true);
        }
        HeadFile.syncDirectory(file.getParent());
        return lines + (pending ? 1 : 0);
    }

    private static Path unique(Path dir, String name) {
        Path p = dir.resolve(name);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(name + "-" + i);
        }
        return p;
    }
}
