package org.depa.ccr.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * REPORT_DATA of the run-start report: SHA-512 over a domain label, the run id, the contract id
 * and the run public key's PEM, each length-prefixed so no two inputs share an encoding. An
 * auditor holding the report whose hash the ledger recorded can check that the attested clean
 * room, and nobody else, holds the key that signed the receipt.
 */
final class RunBinding {
    static final String LABEL = "depa/run-start/v1";

    private RunBinding() {}

    static byte[] reportData(String runId, String contractId, String runPublicKeyPem) {
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
