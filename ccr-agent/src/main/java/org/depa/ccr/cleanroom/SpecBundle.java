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
 * <p>A production image opens it from the TDC's sealed spec ({@link SealedSpecSource}); a bundle in clear
 * at the URI is taken only under the image's development switch {@code spec.unsealed=allow}.
 */
final class SpecBundle {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    static final int MAX_BYTES = 64 * 1024;

    /** Where the opened spec and its salt are: the spec's file, and the salt. */
    record Opened(Path specFile, String salt) {
        @Override
        public String toString() {
            return "Opened[" + specFile + ", salt=given]";
        }
    }

    private SpecBundle() {}

    /** The bytes at the job's {@code sealedSpecUri} ({@code file:} only), at most {@code max} bytes. */
    static byte[] read(String sealedSpecUri, int max) {
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
        try {
            Path source = Path.of(uri);
            if (!Files.isRegularFile(source) || Files.size(source) > max) {
                throw spec("the spec at the job's sealedSpecUri is missing or over " + max + " bytes");
            }
            return Files.readAllBytes(source);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CleanRoomException c) {
                throw c;
            }
            throw spec("the spec at the job's sealedSpecUri cannot be read: " + e.getMessage());
        }
    }

    /**
     * The opened bundle {@code {"spec": {...}, "salt": "<64 hex>"}} written into the workspace's {@code spec/}
     * (owner-only); {@code where} says where it came from, for the refusals.
     */
    static Opened write(byte[] bundleBytes, Path workspace, String where) {
        JsonNode bundle;
        try {
            bundle = Json.tree(new String(bundleBytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw spec("the spec bundle " + where + " is not JSON of the ledger's dialect");
        }
        if (!bundle.isObject() || bundle.size() != 2 || !bundle.path("spec").isObject()) {
            throw spec("the spec bundle " + where + " must be {\"spec\": {...}, \"salt\": \"<64 hex>\"}");
        }
        String salt = bundle.path("salt").asText("");
        if (!HEX64.matcher(salt).matches()) {
            throw spec("the spec bundle's 'salt' must be 64 lower-case hex digits");
        }
        try {
            Path file = specFile(workspace);
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.writeString(file, Json.canonicalString(bundle.get("spec")));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return new Opened(file, salt);
        } catch (IOException e) {
            throw spec("cannot write the opened spec into the workspace: " + e.getMessage());
        }
    }

    /** Where the opened spec is kept in the workspace. */
    static Path specFile(Path workspace) {
        return workspace.resolve("spec").resolve("model.json");
    }

    private static CleanRoomException spec(String message) {
        return new CleanRoomException(CleanRoomException.Stage.MODEL_SPEC, message);
    }
}
