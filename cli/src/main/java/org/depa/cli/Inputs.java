package org.depa.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.depa.dataset.KeyFile;

/**
 * What the commands read and write, checked first: an input's size before it is read, and an
 * output never written over an existing file without {@code --force}, and never over an input or
 * a key file, whatever the options.
 */
final class Inputs {
    /** A SEV-SNP report is 1184 bytes; a little slack so that the verifier names a wrong length. */
    static final long REPORT_MAX = 4096;

    /** Far above any certificate chain (attestation's CertificateLoader refuses 1 MiB too). */
    static final long CERTIFICATES_MAX = 1 << 20;

    /** A table to prepare, or a dataset to encrypt or decrypt. */
    static final long TABLE_MAX = 8L << 30;

    private Inputs() {}

    /**
     * Reads {@code file} whole, refusing it before reading when it is larger than {@code max} and
     * stopping after {@code max + 1} bytes of a device or a pipe: memory stays bounded.
     */
    static byte[] read(Path file, long max, String what) {
        try {
            return KeyFile.readCapped(file, max, what);
        } catch (IOException e) {
            throw new UsageError("cannot read " + what + " " + file + ": " + reason(e));
        }
    }

    /** A file to be streamed: it must exist, be a regular file (not a device or a pipe) and be at most {@code max} bytes. */
    static void checkStreamed(Path file, long max, String what) {
        if (!Files.exists(file)) {
            throw new UsageError(what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageError(what + " " + file + " is not a regular file");
        }
        try {
            long size = Files.size(file);
            if (size > max) {
                throw new UsageError(what + " " + file + " is " + size + " bytes; the limit is " + max);
            }
        } catch (IOException e) {
            throw new UsageError("cannot read " + what + " " + file + ": " + reason(e));
        }
    }

    /**
     * Refuses to write {@code out} over an existing file unless {@code force}, and never over one
     * of {@code inputs} (compared by real path, so a symbolic link or {@code ./x} is caught) or
     * over a key file.
     */
    static void checkOutput(Path out, boolean force, Path... inputs) {
        if (Files.isDirectory(out)) {
            throw new UsageError("--out " + out + " is a directory");
        }
        if (!Files.exists(out)) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
                throw new UsageError("--out " + out + ": " + parent + " is not a directory");
            }
            return;
        }
        Path real = realPath(out);
        for (Path in : Arrays.stream(inputs).filter(p -> p != null).toList()) {
            if (Files.exists(in) && realPath(in).equals(real)) {
                throw new UsageError("--out " + out + " is the input " + in + "; it is never overwritten");
            }
        }
        if (KeyFile.looksLikeKeyFile(out)) {
            throw new UsageError("--out " + out + " is a key file; a key file is never overwritten");
        }
        if (!force) {
            throw new UsageError("--out " + out + " exists; pass --force to overwrite it");
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
