package org.depa.audit.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One peer's export inside a bundle: a directory with one file per block, named by the block's
 * number in twelve digits ({@code 000000000042.block}), holding the block's protobuf bytes as the
 * peer delivered them.
 *
 * @param directory the directory's name inside the bundle
 * @param mspId the organisation of the peer the blocks came from
 * @param peer the peer's address
 * @param height the channel height the peer reported when the export started
 * @param exporter what made the export
 */
public record Export(String directory, String mspId, String peer, long height, String exporter) {
    private static final Pattern BLOCK_FILE = Pattern.compile("[0-9]{12}\\.block");

    public Export {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(peer, "peer");
        exporter = exporter == null ? "" : exporter;
        if (directory.isEmpty() || directory.contains("/") || directory.contains("\\") || directory.startsWith(".")) {
            throw new BundleException("export directory '" + directory + "' must be a plain name inside the bundle");
        }
    }

    /** The file name of block {@code number}. */
    public static String fileName(long number) {
        return String.format(java.util.Locale.ROOT, "%012d.block", number);
    }

    /** This export's block files in name order (the auditor checks that names and numbers agree). */
    public List<Path> blockFiles(Path bundleRoot) {
        Path dir = bundleRoot.resolve(directory);
        if (!Files.isDirectory(dir)) {
            throw new BundleException(
                    "the manifest names export directory " + directory + ", which is not in the bundle");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f -> BLOCK_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BundleException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
