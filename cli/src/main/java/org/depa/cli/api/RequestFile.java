package org.depa.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;

/**
 * A request body given as a file ({@code -} for standard input), read into its ledger-model record
 * with the ledger's strict JSON: a file the gateway would refuse (an unknown field, a wrong type)
 * is refused here, naming the file and the field, before anything is sent.
 */
final class RequestFile {
    private RequestFile() {}

    /** The file cannot be read or is not a valid request: a usage error. */
    static final class InvalidRequestFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRequestFile(String message) {
            super(message);
        }
    }

    /** The largest request body read; the gateway refuses larger ones anyway. */
    static final int MAX_BYTES = 1 << 20;

    static <T extends Record> T read(Path file, Class<T> type) {
        String text;
        try {
            if (!file.toString().equals("-") && Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new InvalidRequestFile(file + " is " + Files.size(file) + " bytes; at most " + MAX_BYTES);
            }
            byte[] bytes;
            if (file.toString().equals("-")) {
                bytes = System.in.readNBytes(MAX_BYTES + 1);
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    bytes = in.readNBytes(MAX_BYTES + 1);
                }
            }
            if (bytes.length > MAX_BYTES) {
                throw new InvalidRequestFile(file + " is larger than " + MAX_BYTES + " bytes");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidRequestFile("cannot read " + file + ": " + e.getMessage());
        }
        try {
            return Json.read(text, type);
        } catch (LedgerRuleException e) {
            throw new InvalidRequestFile(file + " is not a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
