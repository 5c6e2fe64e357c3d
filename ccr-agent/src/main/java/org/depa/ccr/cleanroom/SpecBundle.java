package org.depa.ccr.cleanroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.depa.data.endpoint.DataDownload;
import org.depa.data.endpoint.DataDownloadException;
import org.depa.data.endpoint.PinnedLocation;
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

    /**
     * The bytes at the job's {@code sealedSpecUri}, at most {@code max} bytes: {@code https:} from the TDC's own
     * endpoint, as a dataset's ciphertext comes from its TDP's ({@link #download}), or {@code file:} (the embedded
     * quick start, where every party shares one host).
     */
    static byte[] read(String sealedSpecUri, int max, Path workspace) {
        URI uri;
        try {
            uri = URI.create(sealedSpecUri);
        } catch (IllegalArgumentException e) {
            throw spec("the job's sealedSpecUri is not a URI");
        }
        if ("https".equals(uri.getScheme())) {
            return download(uri, max, workspace);
        }
        if (!"file".equals(uri.getScheme())) {
            throw spec("the job's sealedSpecUri has scheme '" + uri.getScheme()
                    + "'; this clean room fetches https: and file: URIs only");
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
     * The sealed spec from the TDC's endpoint: the location must pin the endpoint's certificate and the size
     * ({@code #tls-cert-sha256=...&bytes=...}, as {@code depa dataset publish} writes it); exactly that certificate
     * is trusted (no operator trust is used for a spec) and at most {@code max} bytes are read. An endpoint out of
     * reach is transient (the cause says so); any other refusal (another certificate, a redirect, too large, 4xx)
     * fails the job at MODEL_SPEC. The file is sealed, so what travels is ciphertext; its header and the key's
     * release are checked afterwards.
     */
    private static byte[] download(URI location, int max, Path workspace) {
        try {
            if (PinnedLocation.parse(location).certificateSha256().isEmpty()) {
                throw spec("the job's sealedSpecUri " + stripFragment(location)
                        + " pins no endpoint certificate (#tls-cert-sha256=...&bytes=...); a spec is fetched only"
                        + " from the endpoint the TDC registered");
            }
        } catch (IllegalArgumentException e) {
            throw spec("the job's sealedSpecUri has a malformed pin: " + e.getMessage());
        }
        Path into = workspace.resolve("spec.sealed.download");
        try {
            new DataDownload(DataDownload.Settings.trusting(List.of()).withMaxBytes(max))
                    .toFile(location, into, Map.of());
            return Files.readAllBytes(into);
        } catch (DataDownloadException e) {
            throw new CleanRoomException(
                    CleanRoomException.Stage.MODEL_SPEC,
                    "cannot download the sealed spec from " + stripFragment(location) + ": " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw spec("cannot read the downloaded sealed spec: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(into);
            } catch (IOException e) {
                // in the job's own owner-only workspace
            }
        }
    }

    private static String stripFragment(URI u) {
        String s = u.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
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
