package org.depa.ccr.cleanroom;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depa.ccr.training.EpochRecord;
import org.depa.ccr.training.ProgressListener;
import org.depa.ledger.model.Json;

/**
 * {@code progress.json} in the workspace, replaced atomically after each epoch, which the operator
 * exposes to the job's TDC (format agreed with ccr-operator):
 * {@code {"jobId","epoch","epochs","loss","epsilonSpent","updated"}}. Only figures the TDC may see:
 * the epoch, the training loss and the privacy spent; no data.
 */
final class ProgressFile implements ProgressListener {
    static final String FILE = "progress.json";

    private final Path file;
    private final String jobId;
    private final Clock clock;
    private final PrintStream log;

    ProgressFile(Path workspace, String jobId, Clock clock, PrintStream log) {
        this.file = workspace.resolve(FILE);
        this.jobId = jobId;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void started(int totalEpochs, int stepsPerEpoch, double epsilonBudget, int resumedAfterEpoch) {
        log.println(
                resumedAfterEpoch > 0
                        ? "training resumed after epoch " + resumedAfterEpoch + " of " + totalEpochs
                        : "training " + totalEpochs + " epochs of " + stepsPerEpoch + " steps");
    }

    @Override
    public void epochDone(EpochRecord epoch, int totalEpochs, double epsilonBudget) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("jobId", jobId);
        p.put("epoch", epoch.epoch());
        p.put("epochs", totalEpochs);
        p.put("loss", epoch.trainLoss());
        p.put("epsilonSpent", epoch.epsilonSpent());
        p.put("updated", clock.instant().toString());
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, Json.mapper().writeValueAsBytes(p));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Progress is for people watching; a failed write must not stop the training.
            log.println("clean room: progress.json not written: " + e.getMessage());
        }
        log.printf(
                "epoch %d/%d loss %.4f epsilon %.4f of %.4f%n",
                epoch.epoch(), totalEpochs, epoch.trainLoss(), epoch.epsilonSpent(), epsilonBudget);
    }
}
