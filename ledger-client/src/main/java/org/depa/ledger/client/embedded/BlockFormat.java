package org.depa.ledger.client.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The signed disk format of the embedded ledger, written and checked here only (docs/ledger-storage.md
 * describes it for auditors who verify it with their own tools):
 *
 * <ul>
 *   <li>{@code ledger.jsonl}: one line per block (one transaction each), UTF-8, in RFC 8785
 *       canonical JSON, ended by {@code \n}. {@code previousHash} is the SHA-256 (hex) of the
 *       previous line's bytes without its newline (64 zeros for block 1). {@code signature} is the
 *       node key's Ed25519 signature (base64) of {@link #BLOCK_DOMAIN} followed by the canonical JSON
 *       of the line without its {@code signature} member.
 *   <li>{@code head.json}: the last committed block: {@code {"block":N,"hash":H,"signature":S}}, H the
 *       SHA-256 of line N ({@code 0}x64 for N = 0), S the Ed25519 signature of {@link #HEAD_DOMAIN}
 *       followed by the canonical JSON of {@code {"block":N,"hash":H}}.
 * </ul>
 */
public final class BlockFormat {
    /** Prefix of every block's signed bytes. */
    public static final String BLOCK_DOMAIN = "depa-ledger block v1\n";
    /** Prefix of the head's signed bytes. */
    public static final String HEAD_DOMAIN = "depa-ledger head v1\n";

    public static final String GENESIS_HASH = "0".repeat(64);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private BlockFormat() {}

    /** The signed head: the last block the node committed. */
    public record Head(long block, String hash, String signature) {}

    /** A problem with one line, in words for an operator. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message, null, false, false);
        }
    }

    /** The line for {@code entry} (its signature ignored), signed by {@code key}. */
    static String signedLine(TransactionLog.Entry entry, NodeKey key) {
        ObjectNode node = MAPPER.valueToTree(entry);
        node.remove("signature");
        byte[] signature = key.sign(concat(BLOCK_DOMAIN, canonical(node)));
        node.put("signature", Base64.getEncoder().encodeToString(signature));
        return new String(canonical(node), StandardCharsets.UTF_8);
    }

    /**
     * Checks one line as block {@code expectedBlock} after a line hashing to {@code previousHash}:
     * UTF-8, a ledger entry, canonical, numbered and linked in order, signed by {@code nodeKey}.
     */
    static TransactionLog.Entry check(byte[] line, long expectedBlock, String previousHash, PublicKey nodeKey)
            throws BadLine {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadLine("is not UTF-8");
        }
        JsonNode tree;
        TransactionLog.Entry entry;
        try {
            tree = MAPPER.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new BadLine("is not a JSON object");
            }
            entry = MAPPER.treeToValue(tree, TransactionLog.Entry.class);
        } catch (JsonProcessingException e) {
            throw new BadLine("is not a ledger entry (" + e.getOriginalMessage() + ")");
        }
        if (entry.txId() == null || entry.timestamp() == null || entry.writes() == null) {
            throw new BadLine("is not a ledger entry (txId, timestamp or writes missing)");
        }
        if (!Arrays.equals(canonical(tree), line)) {
            throw new BadLine("is not in the canonical form the node writes (edited by hand?)");
        }
        if (entry.block() != expectedBlock) {
            throw new BadLine("holds block " + entry.block() + " where block " + expectedBlock
                    + " belongs (a line removed, repeated or moved)");
        }
        if (!previousHash.equals(entry.previousHash())) {
            throw new BadLine("does not link to the line before it (its previousHash is " + entry.previousHash()
                    + ", the line before hashes to " + previousHash + "): a line before it was changed or removed");
        }
        if (entry.signature() == null) {
            throw new BadLine("carries no node signature (written before signed blocks, or not by the node)");
        }
        ObjectNode unsigned = ((ObjectNode) tree).deepCopy();
        unsigned.remove("signature");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(entry.signature());
        } catch (IllegalArgumentException e) {
            throw new BadLine("has a signature that is not base64");
        }
        if (!NodeKey.verify(nodeKey, concat(BLOCK_DOMAIN, canonical(unsigned)), signature)) {
            throw new BadLine("is not signed by this ledger's node key (its signature does not verify): the line was"
                    + " changed, or written by someone else");
        }
        return entry;
    }

    /** The signed head at {@code block} with line hash {@code hash}. */
    static Head signedHead(long block, String hash, NodeKey key) {
        byte[] signature = key.sign(concat(HEAD_DOMAIN, canonical(headBody(block, hash))));
        return new Head(block, hash, Base64.getEncoder().encodeToString(signature));
    }

    /** Whether {@code head} is signed by {@code nodeKey}. */
    public static boolean headVerifies(Head head, PublicKey nodeKey) {
        if (head.signature() == null || head.hash() == null) {
            return false;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(head.signature());
            return NodeKey.verify(
                    nodeKey, concat(HEAD_DOMAIN, canonical(headBody(head.block(), head.hash()))), signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] headBytes(Head head) {
        return canonical(MAPPER.valueToTree(head));
    }

    static Head parseHead(byte[] bytes) throws BadLine {
        try {
            return MAPPER.readValue(bytes, Head.class);
        } catch (IOException e) {
            throw new BadLine("is not a ledger head ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static JsonNode headBody(long block, String hash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("block", block);
        body.put("hash", hash);
        return MAPPER.valueToTree(body);
    }

    private static byte[] canonical(JsonNode node) {
        try {
            return new JsonCanonicalizer(MAPPER.writeValueAsString(node)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("cannot canonicalise a ledger line", e);
        }
    }

    private static byte[] concat(String domain, byte[] body) {
        byte[] prefix = domain.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}
