package org.depa.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.audit.bundle.Bundle;
import org.depa.audit.fabric.FabricExporter;
import org.depa.ledger.client.fabric.FabricSettings;

/**
 * Copies the gateway's ledger into a bundle the auditor reads, while the gateway keeps writing it.
 * An embedded ledger appends a line and then replaces its signed head, so the head read first names
 * lines that are already whole: the copy takes that head and exactly those lines, and is consistent
 * without stopping the ledger. The node's private key is never copied. A Fabric channel is exported
 * block by block from the organisation's peer with the auditor's own exporter.
 */
final class LedgerCopy {
    static final String LEDGER = "ledger.jsonl";
    static final String HEAD = "head.json";
    static final String NODE_PUBLIC_KEY = "node.pub";

    private LedgerCopy() {}

    /** Copies the embedded ledger in {@code ledgerDir} into {@code target}; refused above {@code maxBytes}. */
    static void embedded(Path ledgerDir, Path target, long maxBytes) throws IOException {
        Path ledger = ledgerDir.resolve(LEDGER);
        byte[] head = Files.readAllBytes(ledgerDir.resolve(HEAD));
        JsonNode h = new ObjectMapper().readTree(head);
        if (h == null || !h.path("block").canConvertToLong()) {
            throw new IOException(ledgerDir.resolve(HEAD) + " names no block");
        }
        long blocks = h.path("block").asLong();
        long size = Files.size(ledger);
        if (size > maxBytes) {
            throw new TooLarge("the ledger is " + size + " bytes, above the " + maxBytes
                    + " this gateway copies to verify (depa.gateway.audit.max-ledger-bytes)");
        }
        Files.createDirectories(target);
        Files.write(target.resolve(HEAD), head);
        Files.copy(ledgerDir.resolve(NODE_PUBLIC_KEY), target.resolve(NODE_PUBLIC_KEY));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ledger), 1 << 16);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(target.resolve(LEDGER)), 1 << 16)) {
            long lines = 0;
            while (lines < blocks) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException(ledger + " ends before block " + blocks + ", which its signed head names");
                }
                out.write(b);
                if (b == '\n') {
                    lines++;
                }
            }
        }
    }

    /** Exports the channel from {@code settings}' peer into the bundle {@code target}; refused above {@code maxBytes}. */
    static void fabric(FabricSettings settings, Path target, long maxBytes) throws IOException {
        Files.createDirectories(target);
        String directory = settings.mspId() + "-peer";
        try {
            FabricExporter.export(
                    settings, target, directory, new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8"));
        } catch (FabricExporter.ExportException e) {
            throw new IOException("the export from " + settings.peerEndpoint() + " failed: " + e.getMessage(), e);
        }
        long size;
        try (var files = Files.walk(target)) {
            size = files.filter(Files::isRegularFile)
                    .mapToLong(LedgerCopy::size)
                    .sum();
        }
        if (size > maxBytes) {
            throw new TooLarge("the channel's export is " + size + " bytes, above the " + maxBytes
                    + " this gateway verifies (depa.gateway.audit.max-ledger-bytes)");
        }
        Bundle.read(target); // the manifest the exporter wrote must be one the auditor reads
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The ledger is larger than the gateway copies. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }
}
