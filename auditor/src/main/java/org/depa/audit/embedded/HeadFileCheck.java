package org.depa.audit.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;

/**
 * {@code head.json}: the node's signed statement of its last block and that line's hash. It must
 * be signed by the node key and name the last line, or the one before it (a crash between writing
 * a line and the head; the ledger re-signs at open). It stops a truncation or edit by someone
 * without the node key; {@code --expect-head} stops one by someone with it.
 */
final class HeadFileCheck {
    static final String FILE = "head.json";
    static final String HEAD_DOMAIN = "depa-ledger head v1\n";

    private HeadFileCheck() {}

    /**
     * @param lines the number of lines
     * @param lastHash the hash of the last line
     * @param previousHash the hash of the line before it (zeros when there is none)
     */
    static void check(Path dir, NodePublicKey key, long lines, String lastHash, String previousHash, CheckSink sink) {
        Path file = dir.resolve(FILE);
        String scope = FILE;
        JsonNode head;
        try {
            head = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            sink.fail(Checks.HEAD_FILE, scope, "cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (head == null
                || !head.path("block").canConvertToLong()
                || !head.path("hash").isTextual()) {
            sink.fail(Checks.HEAD_FILE, scope, FILE + " is not a ledger head {block, hash, signature}");
            return;
        }
        long block = head.path("block").asLong();
        String hash = head.path("hash").asText();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("block", block);
        body.put("hash", hash);
        byte[] prefix = HEAD_DOMAIN.getBytes(StandardCharsets.US_ASCII);
        byte[] canonical = LineAuditor.canonical(new ObjectMapper().valueToTree(body));
        byte[] message = Arrays.copyOf(prefix, prefix.length + canonical.length);
        System.arraycopy(canonical, 0, message, prefix.length, canonical.length);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(head.path("signature").asText(""));
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        String problem;
        if (!key.verifies(message, signature)) {
            problem = FILE + " is not signed by the node key";
        } else if (block == lines && hash.equals(lastHash)) {
            problem = null;
        } else if (block == lines - 1 && hash.equals(previousHash)) {
            problem = null; // a crash after the line, before the head: the ledger keeps the line
        } else {
            problem = FILE + " names block " + block + " with hash " + hash + "; the file holds " + lines
                    + " lines, the last hashing to " + lastHash + " (lines removed, added or edited after the head)";
        }
        sink.verdict(Checks.HEAD_FILE, scope, problem, "signed head at block " + block);
    }
}
