package org.depa.ccr.cleanroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.depa.ledger.model.Json;

/**
 * The model spec and its salt as the clean room receives them from the job's {@code sealedSpecUri}:
 * {@code {"spec": {...}, "salt": "<64 hex>"}}, written into the workspace's {@code spec/} (owner-only)
 * for the agent, whose {@code SpecCheck} then opens the contract's commitment with them and runs the
 * validator.
 *
 * <p>NOT YET SEALED (issue 11, item 1): the bundle is read from a {@code file:} URI in clear. The
 * TDC sealing it under a key released by its own kms-bridge to the attested run is not built, so
 * whoever can read that file (the CCR provider's host) can read the spec.
 */
final class SpecBundle {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_BYTES = 64 * 1024;

    /** Where the opened spec and its salt are: the spec's file, and the salt. */
    record Opened(Path specFile, String salt) {
        @Override
        public String toString() {
            return "Opened[" + specFile + ", salt=given]";
        }
    }

    private SpecBundle() {}

    static Opened fetch(String sealedSpecUri, Path workspace) {
        URI uri;
        try {
            uri = URI.create(sealedSpecUri);
        } catch (IllegalArgumentException e) {
            throw spec("the job's sealedSpecUri is not a URI");
        }
        if (!"file".equals(uri.getScheme())) {
            throw spec("the job's sealedSpecUri has scheme '" + uri.getScheme()
                    + "'; this clean room fetches file: URIs only");
        }
        JsonNode bundle;
        try {
            Path source = Path.of(uri);
            if (!Files.isRegularFile(source) || Files.size(source) > MAX_BYTES) {
                throw spec("the spec bundle at the job's sealedSpecUri is missing or over " + MAX_BYTES + " bytes");
            }
            bundle = Json.tree(Files.readString(source, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw spec("the spec bundle cannot be read: " + e.getMessage());
        } catch (CleanRoomException e) {
            throw e;
        } catch (RuntimeException e) {
            throw spec("the spec bundle is not JSON of the ledger's dialect");
        }
        if (!bundle.isObject() || bundle.size() != 2 || !bundle.path("spec").isObject()) {
            throw spec("the spec bundle must be {\"spec\": {...}, \"salt\": \"<64 hex>\"}");
        }
        String salt = bundle.path("salt").asText("");
        if (!HEX64.matcher(salt).matches()) {
            throw spec("the spec bundle's 'salt' must be 64 lower-case hex digits");
        }
        try {
            Path dir = workspace.resolve("spec");
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path file = dir.resolve("model.json");
            Files.writeString(file, Json.canonicalString(bundle.get("spec")));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return new Opened(file, salt);
        } catch (IOException e) {
            throw spec("cannot write the opened spec into the workspace: " + e.getMessage());
        }
    }

    private static CleanRoomException spec(String message) {
        return new CleanRoomException(CleanRoomException.Stage.MODEL_SPEC, message);
    }
}
