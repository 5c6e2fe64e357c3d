package org.depa.ledger.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.depa.ledger.model.Hashes;

/** What a hostile or careless person does to a ledger directory with a text editor. */
final class LedgerFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LedgerFiles() {}

    static Path log(Path dir) {
        return dir.resolve("ledger.jsonl");
    }

    static List<String> lines(Path dir) {
        try {
            return new ArrayList<>(Files.readAllLines(log(dir), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeLines(Path dir, List<String> lines) {
        try {
            Files.write(log(dir), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(String line) {
        try {
            return (ObjectNode) MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Edits line {@code index} (0-based) with {@code edit}, then recomputes every later line's previousHash. */
    static void editAndRechain(Path dir, int index, Consumer<ObjectNode> edit) {
        List<String> lines = lines(dir);
        ObjectNode victim = tree(lines.get(index));
        edit.accept(victim);
        lines.set(index, text(victim));
        for (int i = index + 1; i < lines.size(); i++) {
            ObjectNode next = tree(lines.get(i));
            next.put("previousHash", Hashes.sha256Hex(lines.get(i - 1)));
            lines.set(i, text(next));
        }
        writeLines(dir, lines);
    }

    /** A line after the last, in the ledger's own shape and correctly chained, claiming to come from ForgedMSP. */
    static String forgedNextLine(Path dir) {
        List<String> lines = lines(dir);
        String last = lines.get(lines.size() - 1);
        ObjectNode forged = tree(last);
        forged.put("block", forged.get("block").asLong() + 1);
        forged.put("txId", Hashes.sha256Hex("forged"));
        forged.put("creatorMsp", "ForgedMSP");
        forged.put("previousHash", Hashes.sha256Hex(last));
        return text(forged);
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
