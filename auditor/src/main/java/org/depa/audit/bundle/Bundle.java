package org.depa.audit.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An audit bundle: a directory with {@code manifest.json} and one directory per peer export.
 * Several peers' exports of the same channel may sit side by side; the first one listed is the
 * one every block-level check runs on, the others are compared with it.
 */
public record Bundle(Path root, String ledger, String channel, List<Export> exports) {
    public static final String FORMAT = "depa-audit-bundle/1";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Bundle {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(channel, "channel");
        exports = List.copyOf(exports);
    }

    /** Reads and checks the manifest; a missing or malformed one is a {@link BundleException}. */
    public static Bundle read(Path root) {
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new BundleException(root + " is not an audit bundle: it has no " + MANIFEST);
        }
        JsonNode m;
        try {
            m = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new BundleException(manifest + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.path("format").asText())) {
            throw new BundleException(manifest + ": format must be " + FORMAT + ", not '"
                    + m.path("format").asText() + "'");
        }
        String ledger = text(m, "ledger", manifest);
        if (!"fabric".equals(ledger)) {
            throw new BundleException(manifest + ": ledger '" + ledger + "' is not supported; only fabric is");
        }
        List<Export> exports = new ArrayList<>();
        for (JsonNode e : m.path("exports")) {
            exports.add(new Export(
                    text(e, "directory", manifest),
                    text(e, "mspId", manifest),
                    text(e, "peer", manifest),
                    e.path("height").asLong(-1),
                    e.path("exporter").asText("")));
        }
        if (exports.isEmpty()) {
            throw new BundleException(manifest + " lists no export");
        }
        return new Bundle(root, ledger, text(m, "channel", manifest), exports);
    }

    /** Writes the manifest (replacing it). */
    public void write() throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("ledger", ledger);
        m.put("channel", channel);
        ArrayNode list = m.putArray("exports");
        for (Export e : exports) {
            ObjectNode n = list.addObject();
            n.put("directory", e.directory());
            n.put("mspId", e.mspId());
            n.put("peer", e.peer());
            n.put("height", e.height());
            n.put("exporter", e.exporter());
        }
        Files.createDirectories(root);
        Path tmp = root.resolve(MANIFEST + ".tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, root.resolve(MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** This bundle with {@code export} added, replacing an earlier export into the same directory. */
    public Bundle with(Export export) {
        List<Export> list = new ArrayList<>();
        exports.stream().filter(e -> !e.directory().equals(export.directory())).forEach(list::add);
        list.add(export);
        return new Bundle(root, ledger, channel, list);
    }

    private static String text(JsonNode node, String field, Path manifest) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new BundleException(manifest + ": field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }
}
