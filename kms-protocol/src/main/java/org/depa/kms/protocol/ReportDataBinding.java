package org.depa.kms.protocol;

import com.nimbusds.jose.jwk.JWK;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 64 REPORT_DATA bytes a clean room puts in its SEV-SNP report to ask for a key:
 *
 * <pre>
 * SHA-512( lp(DOMAIN_LABEL) || lp(nonce) || lp(SPKI DER of the recipient key) || lp(UTF-8 runId) )
 * </pre>
 *
 * where {@code lp(x)} is the 4-byte big-endian length of x followed by x. The length prefixes make the encoding
 * injective: no two different (nonce, key, run) triples hash the same input, so a report cannot be re-read as
 * binding another key or run by moving bytes between fields. The label keeps this digest distinct from any other
 * use of REPORT_DATA.
 */
public final class ReportDataBinding {
    public static final String DOMAIN_LABEL = "depa-ledger/kms/release-report-data/v1";

    private ReportDataBinding() {}

    /** REPORT_DATA for a release of any of the run's datasets with {@code nonce} to {@code recipient}. */
    public static byte[] reportData(byte[] nonce, JWK recipient, String runId) {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(runId, "runId");
        return reportData(nonce, RecipientKeys.canonicalEncoding(recipient.toPublicJWK()), runId);
    }

    /** As {@link #reportData(byte[], JWK, String)}, from the key's canonical encoding. */
    public static byte[] reportData(byte[] nonce, byte[] publicKeyEncoding, String runId) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        field(input, DOMAIN_LABEL.getBytes(StandardCharsets.UTF_8));
        field(input, Objects.requireNonNull(nonce, "nonce"));
        field(input, Objects.requireNonNull(publicKeyEncoding, "publicKeyEncoding"));
        field(input, Objects.requireNonNull(runId, "runId").getBytes(StandardCharsets.UTF_8));
        return sha("SHA-512", input.toByteArray());
    }

    /** The ledger's recipientKeySha256: lower-case hex SHA-256 of the recipient key's canonical encoding. */
    public static String recipientKeySha256(JWK recipient) {
        return HexFormat.of().formatHex(sha("SHA-256", RecipientKeys.canonicalEncoding(recipient.toPublicJWK())));
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        int n = value.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(value);
    }

    private static byte[] sha(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
