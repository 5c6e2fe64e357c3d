package org.depa.ccr.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.depa.ledger.model.Json;

/**
 * What survives a crash, written after every epoch: the weights, the optimiser's state, the
 * accountant's composed steps and the history. The position is "epochs done", not a random
 * generator's state: sampling and noise come from a fresh secure generator after a restart, which
 * is as private as continuing (every step is a fresh draw either way).
 *
 * <p>Privacy accounting across a crash: the steps of an epoch cut short by the crash were never
 * written out and their effect on the weights is lost with the process; the resumed run continues
 * from the checkpointed weights, which depend only on the checkpointed steps. So the released
 * model's spend is exactly the checkpointed steps plus the new ones, and nothing is counted twice.
 *
 * @param fingerprint SHA-256 over the specification, the privacy limits and the training data,
 *     so a checkpoint is never resumed under different inputs
 */
record Checkpoint(
        String format,
        String fingerprint,
        int epochsDone,
        String stopReason,
        String parameters,
        String adamM,
        String adamV,
        long optimizerSteps,
        List<RdpAccountant.Segment> accountant,
        List<EpochRecord> history) {

    static final String FORMAT = "depa-dpsgd-checkpoint/1";
    static final String FILE = "checkpoint.json";

    Checkpoint {
        accountant = List.copyOf(accountant);
        history = List.copyOf(history);
    }

    static Checkpoint readIfPresent(Path workDir) {
        Path file = workDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            Checkpoint c = Json.mapper().readValue(Files.readAllBytes(file), Checkpoint.class);
            if (!FORMAT.equals(c.format())) {
                throw new TrainingException("checkpoint format is " + c.format() + ", expected " + FORMAT);
            }
            return c;
        } catch (IOException e) {
            throw new TrainingException("unreadable checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path workDir) {
        try {
            AtomicFiles.write(workDir.resolve(FILE), Json.mapper().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new TrainingException("cannot write the checkpoint: " + e.getMessage(), e);
        }
    }

    /** Writes files whole or not at all: temporary file, fsync, atomic rename, fsync of the directory. */
    static final class AtomicFiles {
        private AtomicFiles() {}

        static void write(Path target, byte[] bytes) throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(target.getFileName() + ".partial");
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // Some file systems refuse to open directories; the rename is still atomic there.
            }
        }
    }
}
