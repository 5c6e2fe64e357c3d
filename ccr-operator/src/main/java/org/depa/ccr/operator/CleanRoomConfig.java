package org.depa.ccr.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.relay.RelayLedgerClient;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * What the operator tells one launch of a job's clean room ({@code clean-room.json} in the job's
 * workspace, owner-only, written afresh before each launch): the job, its contracts and model-spec
 * commitment as the ledger holds them, where the sealed spec is, the workspace, and how to reach
 * the ledger: the operator's relay URL and this launch's bearer token.
 *
 * @param attempt 1 for the first launch of the job, 2 for the first restart, ...
 * @param ledgerIdentityMspId the MSP id of the CCR provider's client the relay submits as
 * @param ledgerIdentityCertificatePem that client's certificate (public)
 * @param dataTrustPem the TDP data endpoints' certificates the clean room trusts for {@code https:}
 *     data locations, or null (the clean room then refuses such locations)
 */
public record CleanRoomConfig(
        String jobId,
        String ccrProviderId,
        List<String> contractIds,
        String modelSpecCommitment,
        String sealedSpecUri,
        String outputKeyId,
        String workspace,
        int attempt,
        String ledgerRelayUrl,
        String ledgerRelayToken,
        String ledgerIdentityMspId,
        String ledgerIdentityCertificatePem,
        String dataTrustPem) {
    public static final String FILE = "clean-room.json";

    /** The one line a clean room that gives up writes here before exiting: the job's failure reason. */
    public static final String FAILURE_FILE = "failure.txt";

    /** A config without data trust: the clean room fetches {@code file:} data locations only. */
    public CleanRoomConfig(
            String jobId,
            String ccrProviderId,
            List<String> contractIds,
            String modelSpecCommitment,
            String sealedSpecUri,
            String outputKeyId,
            String workspace,
            int attempt,
            String ledgerRelayUrl,
            String ledgerRelayToken,
            String ledgerIdentityMspId,
            String ledgerIdentityCertificatePem) {
        this(
                jobId,
                ccrProviderId,
                contractIds,
                modelSpecCommitment,
                sealedSpecUri,
                outputKeyId,
                workspace,
                attempt,
                ledgerRelayUrl,
                ledgerRelayToken,
                ledgerIdentityMspId,
                ledgerIdentityCertificatePem,
                null);
    }

    public CleanRoomConfig {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(ccrProviderId, "ccrProviderId");
        contractIds = List.copyOf(Objects.requireNonNull(contractIds, "contractIds"));
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(ledgerRelayUrl, "ledgerRelayUrl");
        Objects.requireNonNull(ledgerRelayToken, "ledgerRelayToken");
    }

    static CleanRoomConfig of(
            TrainingJob job, Path workspace, int attempt, String relayUrl, String token, Ids ids, String dataTrustPem) {
        return new CleanRoomConfig(
                job.jobId(),
                job.ccrProviderId(),
                job.contractIds(),
                job.modelSpecCommitment(),
                job.sealedSpecUri(),
                job.outputKeyId(),
                workspace.toString(),
                attempt,
                relayUrl,
                token,
                ids.mspId(),
                ids.certificatePem(),
                dataTrustPem);
    }

    /** The identity the relay acts as. */
    record Ids(String mspId, String certificatePem) {}

    /** The clean room's ledger client: this launch's relay, token and identity. */
    public RelayLedgerClient relayClient() {
        return new RelayLedgerClient(
                URI.create(ledgerRelayUrl),
                ledgerRelayToken,
                new LedgerIdentity(ledgerIdentityMspId, ledgerIdentityCertificatePem));
    }

    /** Reads a config file, as the clean room does. */
    public static CleanRoomConfig read(Path file) {
        try {
            return Json.read(Files.readString(file), CleanRoomConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clean-room config " + file, e);
        }
    }
}
