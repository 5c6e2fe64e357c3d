package org.depa.ccr.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The decrypted datasets' directory, {@code work/plain}: created owner-only (rwx------, the files
 * in it rw-------) and removed when the agent's invocation ends, whatever its outcome: a receipt,
 * a failure, an exception. Only an agent killed outright leaves it, for the invocation that
 * resumes the run, which removes it when it ends.
 */
final class Plaintexts {
    private Plaintexts() {}

    static Path dir(Agent.Settings settings) {
        return settings.workDir().resolve("plain");
    }

    /** Creates the directory owner-only, and tightens one an earlier version left open. */
    static void create(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    /** Deletes the directory and everything in it; a failure is reported on {@code log}, never thrown. */
    static void remove(Path dir, PrintStream log) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            log.println(
                    "ccr-agent: WARNING cannot list the plaintexts in " + dir + " to remove them: " + e.getMessage());
            return;
        }
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.println("ccr-agent: WARNING cannot remove the plaintext " + p + ": " + e.getMessage());
            }
        }
    }
}
