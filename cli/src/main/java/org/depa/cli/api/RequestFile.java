package org.depa.cli.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.cli.gateway.GatewayClient;
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

    static <T extends Record> T read(Path file, Class<T> type) {
        String text;
        try {
            text = file.toString().equals("-") ? GatewayClient.readAll(System.in) : Files.readString(file);
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
