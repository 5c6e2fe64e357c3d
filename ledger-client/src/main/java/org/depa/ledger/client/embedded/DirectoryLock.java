package org.depa.ledger.client.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a ledger directory ({@code ledger.lock}, an OS file lock): one holder at a
 * time, whether the other is another process or another open in this JVM. The operating system
 * releases it when the holder exits, killed or not. The file names the holder, so a refused opener
 * can say who has the ledger.
 *
 * <p>Opens in this JVM are refused from a table of held directories before any channel is opened:
 * on Linux, closing any descriptor of a file drops every lock the process holds on it, so a refused
 * second open must never touch the lock file.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE = "ledger.lock";

    private static final Map<Path, String> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code dir} or refuses, naming the holder when it can. */
    static DirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        Path key;
        try {
            Files.createDirectories(dir);
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the ledger directory " + dir, e);
        }
        String me = "pid " + ProcessHandle.current().pid()
                + ProcessHandle.current().info().command().map(c -> " " + c).orElse("")
                + ", " + Thread.currentThread().getName() + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String earlier = HELD_IN_THIS_JVM.putIfAbsent(key, me);
        if (earlier != null) {
            throw new LedgerLockedException("the ledger in " + dir + " is already open in this process (" + earlier
                    + "); one holder per ledger directory: close that EmbeddedLedger first");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through a channel outside this class
            }
            if (lock == null) {
                String holder = holder(ch);
                throw new LedgerLockedException("the ledger in " + dir + " is in use by another process"
                        + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + "; one holder per ledger directory: stop it first, or use its gateway");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("held by " + me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new DirectoryLock(key, ch, lock);
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(key);
            if (ch != null) {
                closeQuietly(ch);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock the ledger directory " + dir, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            int n = ch.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the ledger lock", e);
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }
}
