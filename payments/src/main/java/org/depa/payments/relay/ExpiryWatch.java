package org.depa.payments.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contracts the relay has seen activated and not yet seen final, with the end of their
 * validity, kept in a file ({@code validUntil contractId} per line, replaced atomically): a
 * contract that expires by time alone writes nothing to the ledger, so the relay must remember
 * to look at it once its {@code validUntil} has passed, also after a restart (its checkpoint is
 * past the activation by then).
 */
final class ExpiryWatch {
    private final Path file;
    private final Map<String, Instant> validUntil = new TreeMap<>();

    private ExpiryWatch(Path file) {
        this.file = file;
    }

    /** The watch kept in {@code file}; a damaged file is refused naming the line, never emptied. */
    static ExpiryWatch open(Path file) {
        ExpiryWatch w = new ExpiryWatch(file);
        if (!Files.exists(file)) {
            return w;
        }
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split(" ");
                if (parts.length != 2) {
                    throw new IllegalStateException(
                            "malformed expiry watch " + file + " line " + n + ": expected \"VALID_UNTIL CONTRACT_ID\"");
                }
                try {
                    w.validUntil.put(parts[1], Instant.parse(parts[0]));
                } catch (DateTimeParseException e) {
                    throw new IllegalStateException(
                            "malformed expiry watch " + file + " line " + n + ": '" + parts[0] + "' is not an instant",
                            e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the expiry watch " + file, e);
        }
        return w;
    }

    synchronized void add(String contractId, Instant until) {
        if (!until.equals(validUntil.put(contractId, until))) {
            write();
        }
    }

    synchronized void remove(String contractId) {
        if (validUntil.remove(contractId) != null) {
            write();
        }
    }

    /** The watched contracts whose validity ended at or before {@code now}. */
    synchronized List<String> due(Instant now) {
        List<String> out = new ArrayList<>();
        validUntil.forEach((id, until) -> {
            if (!until.isAfter(now)) {
                out.add(id);
            }
        });
        return out;
    }

    synchronized int size() {
        return validUntil.size();
    }

    private void write() {
        StringBuilder text = new StringBuilder();
        validUntil.forEach(
                (id, until) -> text.append(until).append(' ').append(id).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the expiry watch " + file, e);
        }
    }
}
