package org.depa.ledger.model.crypto;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The salted commitment to a TDC's model spec (architecture, hyperparameters, initial weights'
 * hash): SHA-256 over the 32-byte salt followed by the spec's RFC 8785 canonical JSON. The
 * commitment goes into the contract's signed terms and the training job; the salt and the spec
 * travel only sealed to the attested clean room, which recomputes the commitment. The salt makes
 * the commitment hiding: a party who guesses the spec cannot confirm the guess from the ledger.
 * The fixed salt length makes the concatenation unambiguous.
 */
public final class ModelSpecCommitments {
    public static final int SALT_BYTES = 32;
    /** Largest spec accepted, in characters (the ledger's document limit). */
    public static final int MAX_SPEC_CHARS = Json.MAX_DOCUMENT_CHARS;

    private ModelSpecCommitments() {}

    /**
     * The commitment (lower-case SHA-256 hex) to {@code specJson} under {@code salt}. The spec is
     * read strictly (duplicate keys refused) and canonicalised, so whitespace and key order do not
     * change the commitment.
     */
    public static String commit(byte[] salt, String specJson) {
        if (salt == null || salt.length != SALT_BYTES) {
            throw Fields.invalid("salt", "must be exactly " + SALT_BYTES + " bytes");
        }
        byte[] canonical = canonicalSpec(specJson);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(canonical);
            return Fields.toHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** True when {@code commitment} is the commitment to {@code specJson} under {@code salt}. */
    public static boolean matches(String commitment, byte[] salt, String specJson) {
        String expected = commit(salt, specJson);
        return MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                Fields.sha256Hex("modelSpecCommitment", commitment)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The spec's RFC 8785 canonical bytes; a spec that is not one strict JSON object is refused. */
    public static byte[] canonicalSpec(String specJson) {
        if (specJson == null || specJson.isBlank()) {
            throw Fields.invalid("spec", "is empty");
        }
        if (specJson.length() > MAX_SPEC_CHARS) {
            throw Fields.invalid("spec", "is larger than " + MAX_SPEC_CHARS + " characters");
        }
        if (!Json.tree(specJson).isObject()) {
            throw Fields.invalid("spec", "must be a JSON object");
        }
        try {
            return new JsonCanonicalizer(specJson).getEncodedUTF8();
        } catch (IOException | RuntimeException e) {
            throw new LedgerRuleException(
                    ErrorCode.MALFORMED_REQUEST, "spec cannot be canonicalised: " + e.getMessage());
        }
    }
}
