package org.depa.data.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
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
 * temporary file beside the target and renames it, so the endpoint never serves half a file.
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
        Files.createDirectories(Objects.requireNonNull(root, "root"));
        return new DataStore(root.toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    /**
     * What one publication put on the endpoint.
     *
     * @param ciphertextSha256 the SHA-256 of the ciphertext as stored (what the dataset registers)
     */
    public record Published(String datasetId, long ciphertextBytes, String ciphertextSha256, long sampleBytes) {}

    /**
     * Puts {@code ciphertext} and (if not null) {@code sample} on the endpoint under {@code datasetId},
     * replacing what was there.
     *
     * @throws IllegalArgumentException naming the dataset id or the file that is wrong
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
        Path dir = root.resolve(datasetId);
        Files.createDirectories(dir);
        String sha256 = copy(ciphertext, dir.resolve(CIPHERTEXT));
        long sampleBytes = 0;
        if (sample != null) {
            copy(sample, dir.resolve(SAMPLE));
            sampleBytes = Files.size(dir.resolve(SAMPLE));
        }
        return new Published(datasetId, Files.size(dir.resolve(CIPHERTEXT)), sha256, sampleBytes);
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
            MessageDigest sha256 = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha256);
                    OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            try {
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
