package org.depa.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * The key file format: a first line that says what the key is, then its base64 on the second.
 *
 * <pre>
 * depa-key v1 dataset
 * q3Zt...=
 * </pre>
 *
 * A dataset key and a pseudonym key are both 32 random bytes, so only the header tells them
 * apart; a file of the other kind is refused with a message naming both kinds. The format before
 * this header (the base64 alone on one line) cannot be told apart safely and is refused with a
 * message that says how to convert it. Files are at most {@value #MAX_BYTES} bytes, checked
 * before and while reading, and created owner-read-write only, never over an existing file.
 */
public final class KeyFile {
    /** The largest key file read. */
    public static final int MAX_BYTES = 1024;

    static final String MAGIC = "depa-key";
    static final String VERSION = "v1";

    /** What a key file holds. */
    public enum Kind {
        /** A TDP's AES-256 dataset key ({@link DatasetKey}). */
        DATASET,
        /** The pseudonymisation key TDPs share ({@link PseudonymKey}). */
        PSEUDONYM,
        /** A TDC's key of its sealed model spec ({@link SealedSpec}), for the TDC's own bridge. */
        SPEC;

        /** The word in the header: {@code dataset} or {@code pseudonym}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        String description() {
            return switch (this) {
                case DATASET -> "a dataset key";
                case PSEUDONYM -> "a pseudonym key";
                case SPEC -> "a model-spec key";
            };
        }
    }

    private KeyFile() {}

    /** The file's text for a key of {@code kind} whose bytes are {@code base64}. */
    public static String format(Kind kind, String base64) {
        return MAGIC + " " + VERSION + " " + kind.word() + "\n" + base64 + "\n";
    }

    /**
     * The key bytes of a key file's text, which must say it holds {@code expected}; the caller
     * clears them. {@code source} names the file in messages.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static byte[] parse(Kind expected, String text, String source) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(text, "text");
        String[] lines = text.strip().split("\\R", -1);
        String[] header = lines[0].strip().split("\\s+");
        if (!MAGIC.equals(header[0])) {
            if (lines.length == 1 && looksLikeBase64(lines[0].strip())) {
                throw new IllegalArgumentException(
                        source + " is a key file in the old format (base64 alone), which does"
                                + " not say what key it holds; if it is " + expected.description() + ", add the line '"
                                + MAGIC + " " + VERSION + " " + expected.word() + "' above the key");
            }
            throw new IllegalArgumentException(source + " is not a depa key file (no '" + MAGIC + "' header)");
        }
        if (header.length != 3 || !VERSION.equals(header[1])) {
            throw new IllegalArgumentException(source + ": unsupported key file header '" + lines[0].strip()
                    + "' (expected '" + MAGIC + " " + VERSION + " " + expected.word() + "')");
        }
        Kind actual = null;
        for (Kind k : Kind.values()) {
            if (k.word().equals(header[2])) {
                actual = k;
            }
        }
        if (actual == null) {
            throw new IllegalArgumentException(source + ": unknown key kind '" + header[2] + "'");
        }
        if (actual != expected) {
            throw new IllegalArgumentException(source + " holds " + actual.description() + ", not "
                    + expected.description()
                    + (expected == Kind.SPEC
                            ? " (depa job seal-spec makes one)"
                            : " (make one with depa dataset keygen --kind " + expected.word() + ")"));
        }
        if (lines.length != 2) {
            throw new IllegalArgumentException(source + ": expected the header and one line of base64");
        }
        try {
            return Base64.getDecoder().decode(lines[1].strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the key is not base64", e);
        }
    }

    /** Reads a key file of {@code expected} kind, refusing a file over {@value #MAX_BYTES} bytes before reading it. */
    public static byte[] read(Path file, Kind expected) throws IOException {
        byte[] raw = readCapped(file, MAX_BYTES, "key file");
        try {
            return parse(expected, new String(raw, StandardCharsets.US_ASCII), file.toString());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Writes a new key file, owner read-write only; an existing file is never overwritten. */
    public static void writeNew(Path file, Kind kind, String base64) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, format(kind, base64), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Whether {@code file} starts like a key file: outputs never overwrite one. */
    public static boolean looksLikeKeyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAGIC.length());
            return new String(head, StandardCharsets.US_ASCII).equals(MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads at most {@code max} bytes: a larger regular file is refused before it is opened, and a
     * device or pipe that yields more (/dev/zero) is refused after {@code max + 1} bytes.
     */
    public static byte[] readCapped(Path file, long max, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a " + what);
        }
        if (Files.isRegularFile(file)) {
            long size = Files.size(file);
            if (size > max) {
                throw new FileSystemException(
                        file.toString(), null, what + " is " + size + " bytes; at most " + max + " are read");
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(Math.toIntExact(max + 1));
            if (b.length > max) {
                Arrays.fill(b, (byte) 0);
                throw new FileSystemException(file.toString(), null, what + " is larger than " + max + " bytes");
            }
            return b;
        }
    }

    private static boolean looksLikeBase64(String s) {
        return !s.isEmpty() && s.matches("[A-Za-z0-9+/]+=*");
    }
}
