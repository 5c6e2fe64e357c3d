package org.depa.ccr.operator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the operator needs besides its ledger client.
 *
 * @param ccrProviderId the CCR provider this operator acts for: jobs naming another are ignored
 * @param stateDir the operator's own directory: the event checkpoint and one workspace per job
 * @param maxCleanRooms N, the most clean rooms running at once; further jobs wait in a queue
 * @param maxAttempts K, the launches of one job's clean room before the job is failed
 * @param cleanRoomCommand the clean room's command line; the argument {@value #CONFIG_PLACEHOLDER}
 *     is replaced by the path of the job's config file
 * @param restartDelay the pause before a clean room that died is launched again
 * @param dataTrustPem the certificates (PEM) of the TDP data endpoints, or their CAs, that the clean
 *     rooms trust for {@code https:} data locations; null: such locations are refused in the clean room
 */
public record OperatorSettings(
        String ccrProviderId,
        Path stateDir,
        int maxCleanRooms,
        int maxAttempts,
        List<String> cleanRoomCommand,
        Duration restartDelay,
        String dataTrustPem) {
    public static final String CONFIG_PLACEHOLDER = "{config}";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Settings whose clean rooms fetch {@code file:} data locations only. */
    public OperatorSettings(
            String ccrProviderId,
            Path stateDir,
            int maxCleanRooms,
            int maxAttempts,
            List<String> cleanRoomCommand,
            Duration restartDelay) {
        this(ccrProviderId, stateDir, maxCleanRooms, maxAttempts, cleanRoomCommand, restartDelay, null);
    }

    /** These settings with {@code pem} as the clean rooms' trust for https data locations. */
    public OperatorSettings withDataTrust(String pem) {
        return new OperatorSettings(
                ccrProviderId, stateDir, maxCleanRooms, maxAttempts, cleanRoomCommand, restartDelay, pem);
    }

    public OperatorSettings {
        if (dataTrustPem != null && !dataTrustPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("dataTrust: must hold PEM certificates");
        }
        Objects.requireNonNull(ccrProviderId, "ccrProviderId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(restartDelay, "restartDelay");
        cleanRoomCommand = List.copyOf(Objects.requireNonNull(cleanRoomCommand, "cleanRoomCommand"));
        if (ccrProviderId.isBlank()) {
            throw new IllegalArgumentException("ccrProviderId: must not be blank");
        }
        if (maxCleanRooms < 1 || maxCleanRooms > 64) {
            throw new IllegalArgumentException("maxCleanRooms: must be 1 to 64, was " + maxCleanRooms);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts: must be 1 to 20, was " + maxAttempts);
        }
        if (cleanRoomCommand.isEmpty() || !cleanRoomCommand.contains(CONFIG_PLACEHOLDER)) {
            throw new IllegalArgumentException(
                    "cleanRoomCommand: must be a command line with the argument " + CONFIG_PLACEHOLDER);
        }
        if (restartDelay.isNegative()) {
            throw new IllegalArgumentException("restartDelay: must not be negative");
        }
    }

    /** The workspace of {@code jobId}: {@code stateDir/jobs/<jobId>}. */
    public Path workspace(String jobId) {
        if (!SAFE_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("jobId: '" + jobId + "' cannot name a workspace directory");
        }
        return stateDir.resolve("jobs").resolve(jobId);
    }

    public Path checkpointFile() {
        return stateDir.resolve("events.checkpoint");
    }
}
