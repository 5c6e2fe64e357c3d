package org.depa.ccr.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * Launches one clean room: writes the job's config file, then starts the configured command as a
 * separate OS process in the job's workspace, its output to {@code clean-room-<attempt>.log} there.
 * The stand-in for launching a confidential VM (README: how this maps to an SEV-SNP launch).
 */
final class Launcher {
    private final OperatorSettings settings;

    Launcher(OperatorSettings settings) {
        this.settings = settings;
    }

    /** A launched clean room: its process and the relay token it was given. */
    record Launched(ProcessHandle process, Process child, String token) {}

    Launched launch(TrainingJob job, Path workspace, int attempt, LedgerRelay relay, CleanRoomConfig.Ids ids) {
        String token = relay.issue(job.jobId());
        try {
            Files.deleteIfExists(workspace.resolve(CleanRoomConfig.FAILURE_FILE));
            Path config = workspace.resolve(CleanRoomConfig.FILE);
            DurableFiles.writeJson(
                    config,
                    CleanRoomConfig.of(job, workspace, attempt, relay.url(), token, ids, settings.dataTrustPem()));
            List<String> command = new ArrayList<>();
            for (String arg : settings.cleanRoomCommand()) {
                command.add(arg.equals(OperatorSettings.CONFIG_PLACEHOLDER) ? config.toString() : arg);
            }
            Process p = new ProcessBuilder(command)
                    .directory(workspace.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log(workspace, attempt).toFile())
                    .start();
            return new Launched(p.toHandle(), p, token);
        } catch (IOException e) {
            relay.revoke(token);
            throw new UncheckedIOException(
                    "cannot launch the clean room of job '" + job.jobId() + "': " + e.getMessage(), e);
        }
    }

    static Path log(Path workspace, int attempt) {
        return workspace.resolve("clean-room-" + attempt + ".log");
    }

    /**
     * Why a launch ended without the job's receipts: the clean room's own {@code failure.txt}, else
     * the last line of its log, else its exit code.
     */
    static String failureReason(Path workspace, int attempt, Integer exitCode) {
        String exit = exitCode == null ? "exited" : "exited with code " + exitCode;
        try {
            Path f = workspace.resolve(CleanRoomConfig.FAILURE_FILE);
            if (Files.isRegularFile(f)) {
                String line = firstLine(Files.readString(f, StandardCharsets.UTF_8));
                if (!line.isEmpty()) {
                    return line;
                }
            }
            Path log = log(workspace, attempt);
            if (Files.isRegularFile(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (!lines.get(i).isBlank()) {
                        return "clean room " + exit + ": " + lines.get(i).strip();
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "clean room " + exit + " (its output could not be read: " + e.getMessage() + ")";
        }
        return "clean room " + exit;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
