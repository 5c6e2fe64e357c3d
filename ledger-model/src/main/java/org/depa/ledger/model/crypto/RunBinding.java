package org.depa.ledger.model.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * REPORT_DATA of the run-start report: SHA-512 over a domain label, the run id, the contract id
 * and the run public key's PEM, each length-prefixed so no two inputs share an encoding. The
 * clean room asks its firmware for a report with these 64 bytes; the chaincode (runs:start), the
 * key-release bridges and an auditor recompute them, so the attested clean room, and nobody else,
 * holds the key that signs the run's key releases and its receipt.
 */
public final class RunBinding {
    public static final String LABEL = "depa/run-start/v1";

    private RunBinding() {}

    public static byte[] reportData(String runId, String contractId, String runPublicKeyPem) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            for (String field : new String[] {LABEL, runId, contractId, runPublicKeyPem}) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                sha512.update(ByteBuffer.allocate(4).putInt(b.length).array());
                sha512.update(b);
            }
            return sha512.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
