package org.depa.audit.embedded;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * One line of {@code ledger.jsonl} checked as docs/ledger-storage.md defines it, written here
 * again rather than borrowed from ledger-client, so the audit does not trust the code it audits:
 * UTF-8, a JSON object that is its own RFC 8785 canonical form, block n on line n, previousHash the
 * SHA-256 of the line before, and the node's Ed25519 signature over {@code depa-ledger block v1\n}
 * followed by the canonical line without its signature.
 */
final class LineAuditor {
    static final String BLOCK_DOMAIN = "depa-ledger block v1\n";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final NodePublicKey key;
    private final String chaincode;

    LineAuditor(NodePublicKey key, String chaincode) {
        this.key = key;
        this.chaincode = chaincode;
    }

    /** The line as a parsed JSON object, or null (reported) when it is not one. */
    ObjectNode parse(long n, byte[] line, CheckSink sink) {
        String scope = "line " + n;
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            sink.fail(Checks.LINE_FORMAT, scope, "the line is not UTF-8");
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (IOException e) {
            sink.fail(
                    Checks.LINE_FORMAT,
                    scope,
                    "the line is not JSON: "
                            + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (!(tree instanceof ObjectNode o)
                || !o.path("txId").isTextual()
                || !o.path("timestamp").isTextual()
                || !o.path("writes").isArray()
                || !o.path("block").canConvertToLong()) {
            sink.fail(Checks.LINE_FORMAT, scope, "the line is not a ledger entry (block, txId, timestamp, writes)");
            return null;
        }
        if (!Arrays.equals(canonical(o), line)) {
            sink.fail(Checks.LINE_FORMAT, scope, "the line is not in its canonical form (edited by hand?)");
        } else {
            sink.pass(Checks.LINE_FORMAT, scope, "canonical ledger entry");
        }
        return o;
    }

    /** Sequence, hash link and node signature of a parsed line. */
    void chain(long n, ObjectNode line, String previousHash, CheckSink sink) {
        String scope = "line " + n + " (" + line.path("txId").asText() + ")";
        long block = line.path("block").asLong();
        sink.verdict(
                Checks.LINE_SEQUENCE,
                scope,
                block == n ? null : "line " + n + " holds block " + block + " (a line removed, repeated or moved)",
                "block " + n);
        String linked = line.path("previousHash").asText();
        sink.verdict(
                Checks.LINE_HASH_CHAIN,
                scope,
                previousHash.equals(linked)
                        ? null
                        : "previousHash is " + linked + "; the line before hashes to " + previousHash
                                + " (a line before it was changed or removed)",
                "links to the line before");
        ObjectNode unsigned = line.deepCopy();
        unsigned.remove("signature");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(line.path("signature").asText(""));
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        byte[] prefix = BLOCK_DOMAIN.getBytes(StandardCharsets.US_ASCII);
        byte[] body = canonical(unsigned);
        byte[] message = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        sink.verdict(
                Checks.LINE_SIGNATURE,
                scope,
                key.verifies(message, signature)
                        ? null
                        : "the line is not signed by the node key " + key.fingerprint()
                                + " (changed, or written by someone else)",
                "signed by the node key");
    }

    /** The line's writes as a committed transaction for the replays; null (reported) when they cannot be read. */
    CommittedTx committed(long n, ObjectNode line, CheckSink sink) {
        String txId = line.path("txId").asText();
        String scope = "line " + n + " (" + txId + ")";
        try {
            List<CommittedTx.Write> writes = new ArrayList<>();
            for (JsonNode w : line.path("writes")) {
                JsonNode v = w.path("value");
                boolean delete = v.isNull() || v.isMissingNode();
                String value =
                        delete ? null : new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8);
                writes.add(new CommittedTx.Write(w.path("key").asText(), value, delete));
            }
            return new CommittedTx(
                    scope,
                    n,
                    0,
                    txId,
                    Instant.parse(line.path("timestamp").asText()),
                    line.path("creatorMsp").asText(""),
                    chaincode,
                    writes);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            sink.fail(Checks.LINE_FORMAT, scope, "the line's writes or timestamp cannot be read: " + e.getMessage());
            return null;
        }
    }

    static byte[] canonical(JsonNode node) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("cannot canonicalise a ledger line", e);
        }
    }
}
