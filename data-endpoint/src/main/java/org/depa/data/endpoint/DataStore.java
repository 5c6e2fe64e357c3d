package org.depa.data.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a TDP's data endpoint serves: one directory per dataset under the endpoint's root, holding
 * {@code ciphertext.enc} and, when published, {@code sample.csv}. Publishing copies into a
 * temporary file beside the target and links or renames it, so the endpoint never serves half a
 * file. Everything is owner-only (createTempFile makes rw------- files).
 */
public final class DataStore {
    static final String CIPHERTEXT = "ciphertext.enc";
    static final String SAMPLE = "sample.csv";

    private final Path root;

    private DataStore(Path root) {
        this.root = root;
    }

    /** The store under {@code root} (created if missing). */
    public static DataStore at(Path root) throws IOException {
        OwnerOnly.directory(Objects.requireNonNull(root, "root"));
        return new DataStore(root.toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    /**
     * What one publication put on the endpoint.
     *
     * @param ciphertextSha256 the SHA-256 of the ciphertext as stored (what the dataset registers)
     * @param unchanged true when exactly this ciphertext was already published under the id
     */
    public record Published(
            String datasetId, long ciphertextBytes, String ciphertextSha256, long sampleBytes, boolean unchanged) {}

    /**
     * Puts {@code ciphertext} and (if not null) {@code sample} on the endpoint under {@code datasetId}.
     * A ciphertext once published is never replaced by a different one: its hash is what the
     * dataset registers and contracts sign, so a new ciphertext is a new dataset id. Publishing the
     * same bytes again is harmless ({@code unchanged}); the sample, which no hash binds, is replaced.
     *
     * @throws IllegalArgumentException naming the dataset id or the file that is wrong
     * @throws PublishConflictException when a different ciphertext is already published under the id
     */
    public Published publish(String datasetId, Path ciphertext, Path sample) throws IOException {
        if (!DataPaths.isId(datasetId)) {
            throw new IllegalArgumentException(
                    "dataset id '" + datasetId + "' is not an id (letters, digits, '.', '_', '-'; at most 128)");
        }
        requireFile("ciphertext", ciphertext);
        if (sample != null) {
            requireFile("sample", sample);
        }
        Path dir = OwnerOnly.directory(root.resolve(datasetId));
        Path target = dir.resolve(CIPHERTEXT);
        Path tmp = Files.createTempFile(dir, ".publish-", ".tmp");
        boolean unchanged;
        String sha256;
        try {
            sha256 = copyInto(ciphertext, tmp);
            try {
                // A hard link is created only if the name is free: two publishers cannot both win.
                Files.createLink(target, tmp);
                unchanged = false;
            } catch (FileAlreadyExistsException e) {
                String existing = sha256Of(target);
                if (!existing.equals(sha256)) {
                    throw new PublishConflictException("dataset '" + datasetId + "' already has a different"
                            + " ciphertext on this endpoint (sha256 " + existing + "; this one " + sha256
                            + "); a published ciphertext is never replaced: publish it under a new dataset id");
                }
                unchanged = true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        long sampleBytes = 0;
        if (sample != null) {
            copy(sample, dir.resolve(SAMPLE));
            sampleBytes = Files.size(dir.resolve(SAMPLE));
        }
        return new Published(datasetId, Files.size(target), sha256, sampleBytes, unchanged);
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The ciphertext file of {@code datasetId}, or null when none is published (or the id is not one). */
    Path ciphertext(String datasetId) {
        return existing(datasetId, CIPHERTEXT);
    }

    /** The sample file of {@code datasetId}, or null when none is published. */
    Path sample(String datasetId) {
        return existing(datasetId, SAMPLE);
    }

    private Path existing(String datasetId, String name) {
        if (!DataPaths.isId(datasetId)) {
            return null;
        }
        Path file = root.resolve(datasetId).resolve(name);
        return Files.isRegularFile(file) ? file : null;
    }

    private static void requireFile(String what, Path file) {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " file '" + file + "' does not exist or cannot be read");
        }
    }

    /** Copies {@code from} to {@code to} through a temporary file and a rename; the SHA-256 of what was copied. */
    private static String copy(Path from, Path to) throws IOException {
        Path tmp = Files.createTempFile(to.getParent(), ".publish-", ".tmp");
        try {
            String sha256 = copyInto(from, tmp);
            try {
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha256;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies {@code from} over the (owner-only) temporary file {@code tmp}; the SHA-256 of what was copied. */
    private static String copyInto(Path from, Path tmp) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha256);
                OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
