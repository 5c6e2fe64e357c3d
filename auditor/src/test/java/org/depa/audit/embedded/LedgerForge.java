package org.depa.audit.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.openssl.PEMParser;
import org.depa.ledger.model.Hashes;

/**
 * A tamperer who holds the node key (it sits in the ledger's directory): edits lines, then
 * recomputes every hash link and signs every line and the head again, so that the ledger's own
 * checks (and {@code depa ledger verify}) pass and only the domain replay or a recorded head can
 * tell. {@link #save(boolean)} with {@code false} is a tamperer without the key.
 */
final class LedgerForge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    final List<ObjectNode> lines = new ArrayList<>();

    LedgerForge(Path dir) throws IOException {
        this.dir = dir;
        for (String l : Files.readAllLines(dir.resolve("ledger.jsonl"))) {
            lines.add((ObjectNode) JSON.readTree(l));
        }
    }

    static String key(String type, String... ids) {
        StringBuilder b = new StringBuilder().append('\u0000').append(type).append('\u0000');
        for (String id : ids) {
            b.append(id).append('\u0000');
        }
        return b.toString();
    }

    /** The index of the first line writing {@code key}. */
    int lineWriting(String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (write(i, key) != null) {
                return i;
            }
        }
        throw new AssertionError("no line writes " + key.replace('\u0000', '/'));
    }

    /** The index of the last line writing {@code key}. */
    int lastLineWriting(String key) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (write(i, key) != null) {
                return i;
            }
        }
        throw new AssertionError("no line writes " + key.replace('\u0000', '/'));
    }

    /** The first key any line writes that {@code matches}. */
    String findKey(java.util.function.Predicate<String> matches) {
        for (ObjectNode l : lines) {
            for (JsonNode w : l.path("writes")) {
                if (matches.test(w.path("key").asText())) {
                    return w.path("key").asText();
                }
            }
        }
        throw new AssertionError("no line writes such a key");
    }

    /** The first key a line writes that starts with {@code prefix}. */
    String keyStartingWith(int line, String prefix) {
        for (JsonNode w : lines.get(line).path("writes")) {
            if (w.path("key").asText().startsWith(prefix)) {
                return w.path("key").asText();
            }
        }
        throw new AssertionError("line " + (line + 1) + " writes no key under " + prefix.replace('\u0000', '/'));
    }

    ObjectNode value(int line, String key) {
        try {
            return (ObjectNode) JSON.readTree(
                    Base64.getDecoder().decode(write(line, key).path("value").asText()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Edits the value {@code key} holds in line {@code line}. */
    LedgerForge edit(int line, String key, Consumer<ObjectNode> change) {
        ObjectNode v = value(line, key);
        change.accept(v);
        ((ObjectNode) write(line, key)).put("value", encode(v));
        return this;
    }

    /** Adds a write of {@code value} under {@code key} to line {@code line}. */
    LedgerForge add(int line, String key, JsonNode value) {
        ObjectNode w = ((ArrayNode) lines.get(line).path("writes")).addObject();
        w.put("key", key);
        w.put("value", encode(value));
        return this;
    }

    LedgerForge removeLastLine() {
        lines.remove(lines.size() - 1);
        return this;
    }

    /** Writes the lines back, linked again; signed again (and the head) when {@code withKey}. */
    void save(boolean withKey) throws IOException {
        Ed25519PrivateKeyParameters key = withKey ? nodeKey() : null;
        StringBuilder out = new StringBuilder();
        String previous = "0".repeat(64);
        long block = 0;
        for (ObjectNode l : lines) {
            l.put("block", ++block);
            l.put("previousHash", previous);
            if (key != null) {
                l.remove("signature");
                l.put("signature", sign(key, "depa-ledger block v1\n", LineAuditor.canonical(l)));
            }
            String text = new String(LineAuditor.canonical(l), StandardCharsets.UTF_8);
            out.append(text).append('\n');
            previous = Hashes.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("ledger.jsonl"), out.toString());
        if (key != null) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("block", block);
            head.put("hash", previous);
            byte[] body = LineAuditor.canonical(JSON.valueToTree(head));
            head.put("signature", sign(key, "depa-ledger head v1\n", body));
            Files.write(dir.resolve("head.json"), LineAuditor.canonical(JSON.valueToTree(head)));
        }
    }

    private JsonNode write(int line, String key) {
        for (JsonNode w : lines.get(line).path("writes")) {
            if (w.path("key").asText().equals(key)) {
                return w;
            }
        }
        return null;
    }

    private static String encode(JsonNode v) {
        return Base64.getEncoder().encodeToString(LineAuditor.canonical(v));
    }

    private Ed25519PrivateKeyParameters nodeKey() throws IOException {
        try (PEMParser pem = new PEMParser(new StringReader(Files.readString(dir.resolve("node.key"))))) {
            return (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey((PrivateKeyInfo) pem.readObject());
        }
    }

    private static String sign(Ed25519PrivateKeyParameters key, String domain, byte[] body) {
        byte[] prefix = domain.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(s.generateSignature());
    }
}
