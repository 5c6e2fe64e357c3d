package org.depa.ccr.cleanroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.depa.ccr.agent.CiphertextSource;
import org.depa.data.endpoint.DataDownload;
import org.depa.data.endpoint.Tls;
import org.depa.ledger.model.Json;

/**
 * What the operator tells this launch ({@code clean-room.json}, ccr-operator's {@code CleanRoomConfig}),
 * read strictly: an unknown, missing, null or ill-formed field is refused naming it. It is
 * unmeasured input chosen by the (untrusted) CCR provider, so the clean room also checks the job it
 * names against the ledger ({@link JobCheck}).
 */
record LaunchConfig(
        String jobId,
        String ccrProviderId,
        List<String> contractIds,
        String modelSpecCommitment,
        String sealedSpecUri,
        String outputKeyId,
        Path workspace,
        int attempt,
        String ledgerRelayUrl,
        String ledgerRelayToken,
        String ledgerIdentityMspId,
        String ledgerIdentityCertificatePem,
        String dataTrustPem) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FIELDS = Set.of(
            "jobId",
            "ccrProviderId",
            "contractIds",
            "modelSpecCommitment",
            "sealedSpecUri",
            "outputKeyId",
            "workspace",
            "attempt",
            "ledgerRelayUrl",
            "ledgerRelayToken",
            "ledgerIdentityMspId",
            "ledgerIdentityCertificatePem",
            "dataTrustPem");

    /** The config in {@code file}; {@link CleanRoomException} (stage CONFIG) naming the field at fault. */
    static LaunchConfig read(Path file) {
        JsonNode root;
        try {
            root = Json.tree(Files.readString(file));
        } catch (IOException e) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.CONFIG, "cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.CONFIG,
                    file.getFileName() + " is not a JSON object of the ledger's dialect");
        }
        if (!root.isObject()) {
            throw config("the file must hold a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw config("unknown field '" + name + "'");
            }
        }
        List<String> contracts = new ArrayList<>();
        JsonNode list = root.get("contractIds");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw config("'contractIds' must be a non-empty array of contract ids");
        }
        for (JsonNode c : list) {
            if (!c.isTextual() || !ID.matcher(c.asText()).matches()) {
                throw config("'contractIds' holds a value that is not a contract id");
            }
            contracts.add(c.asText());
        }
        JsonNode attempt = root.get("attempt");
        if (attempt == null || !attempt.isInt() || attempt.asInt() < 1) {
            throw config("'attempt' must be a whole number from 1");
        }
        String relay = text(root, "ledgerRelayUrl");
        if (!relay.startsWith("http://127.0.0.1:") && !relay.startsWith("https://")) {
            throw config("'ledgerRelayUrl' must be the operator's loopback relay (http://127.0.0.1:...) or https");
        }
        String commitment = text(root, "modelSpecCommitment");
        if (!HEX64.matcher(commitment).matches()) {
            throw config("'modelSpecCommitment' must be 64 lower-case hex digits");
        }
        Path workspace = Path.of(text(root, "workspace"));
        if (!workspace.isAbsolute()) {
            throw config("'workspace' must be an absolute path");
        }
        return new LaunchConfig(
                id(root, "jobId"),
                id(root, "ccrProviderId"),
                List.copyOf(contracts),
                commitment,
                text(root, "sealedSpecUri"),
                id(root, "outputKeyId"),
                workspace,
                attempt.asInt(),
                relay,
                text(root, "ledgerRelayToken"),
                text(root, "ledgerIdentityMspId"),
                text(root, "ledgerIdentityCertificatePem"),
                dataTrust(root));
    }

    /**
     * The optional {@code dataTrustPem}: the certificates (TDP data endpoints' servers or their CAs)
     * this clean room trusts for {@code https:} data locations. Absent or null: https locations are
     * refused (DATA), never fetched with default trust.
     */
    private static String dataTrust(JsonNode root) {
        JsonNode v = root.get("dataTrustPem");
        if (v == null || v.isNull()) {
            return null;
        }
        String pem = text(root, "dataTrustPem");
        try {
            Tls.certificates(pem);
        } catch (IllegalArgumentException e) {
            throw config("'dataTrustPem' holds no PEM certificate: " + e.getMessage());
        }
        return pem;
    }

    /** Where this launch's runs fetch ciphertexts: file: locations, and https: ones under {@code dataTrustPem}. */
    CiphertextSource ciphertexts() {
        return CiphertextSource.locations(
                dataTrustPem == null ? null : DataDownload.Settings.trusting(Tls.certificates(dataTrustPem)));
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw config("'" + field + "' is missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw config("'" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static String id(JsonNode root, String field) {
        String v = text(root, field);
        if (!ID.matcher(v).matches()) {
            throw config("'" + field + "' is not an id (letters, digits, '.', '_', '-'; at most 128)");
        }
        return v;
    }

    private static CleanRoomException config(String message) {
        return new CleanRoomException(CleanRoomException.Stage.CONFIG, "clean-room.json: " + message);
    }

    @Override
    public String toString() {
        // The relay token authenticates this launch to the operator: never printed.
        return "LaunchConfig[jobId=" + jobId + ", contracts=" + contractIds + ", attempt=" + attempt + "]";
    }
}
