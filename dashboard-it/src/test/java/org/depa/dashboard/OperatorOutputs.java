package org.depa.dashboard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.depa.ccr.operator.JobOutputs;
import org.depa.ccr.operator.OperatorSettings;
import org.depa.ledger.model.Hashes;

/**
 * The CCR provider's job-output service (ccr-operator's {@link JobOutputs}, the real one) over the
 * workspaces the demo's operator left, reading the ledger through the CCR provider's own gateway
 * connection, with a bearer token for the TDC's organisation that the gateway is configured with.
 * No operator schedules anything here: the scenario's job is finished, and the live job's progress
 * is written by the test as its clean room would write it.
 */
final class OperatorOutputs implements AutoCloseable {
    private final JobOutputs service;
    private final OperatorSettings settings;
    private final Path tokenFile;

    private OperatorOutputs(JobOutputs service, OperatorSettings settings, Path tokenFile) {
        this.service = service;
        this.settings = settings;
        this.tokenFile = tokenFile;
    }

    static OperatorOutputs start(Scenario scenario, URI gateway, Path work) throws IOException {
        OperatorSettings settings = new OperatorSettings(
                Scenario.CCR,
                scenario.dir.resolve("ccr/operator"),
                1,
                1,
                List.of("/bin/false", OperatorSettings.CONFIG_PLACEHOLDER),
                Duration.ofSeconds(1));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path tokenFile = work.resolve("job-outputs.token");
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token);
        JobOutputs service = JobOutputs.serve(
                scenario.connect(gateway, Scenario.CCR, "ConsumerMSP").client(),
                settings,
                Map.of(Hashes.sha256Hex(token), "ConsumerMSP"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new OperatorOutputs(service, settings, tokenFile);
    }

    /** The gateway's settings for this CCR provider's operator. */
    Map<String, String> gatewayConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("depa.gateway.job-outputs.\"" + Scenario.CCR + "\".url", service.url());
        c.put("depa.gateway.job-outputs.\"" + Scenario.CCR + "\".token-file", tokenFile.toString());
        return c;
    }

    /** Replaces the job's progress.json as the clean room does after an epoch (written aside, then moved). */
    void writeProgress(String jobId, int epoch, int epochs, double loss, double epsilonSpent) throws IOException {
        Path dir = Files.createDirectories(settings.workspace(jobId));
        Path tmp = dir.resolve(JobOutputs.PROGRESS_FILE + ".tmp");
        Files.writeString(
                tmp,
                String.format(
                        Locale.ROOT,
                        "{\"jobId\":\"%s\",\"epoch\":%d,\"epochs\":%d,\"loss\":%s,\"epsilonSpent\":%s,\"updated\":\"%s\"}",
                        jobId,
                        epoch,
                        epochs,
                        loss,
                        epsilonSpent,
                        Instant.now()),
                StandardCharsets.UTF_8);
        Files.move(
                tmp,
                dir.resolve(JobOutputs.PROGRESS_FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        service.close();
    }
}
