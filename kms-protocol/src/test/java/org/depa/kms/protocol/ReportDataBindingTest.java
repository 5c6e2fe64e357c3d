package org.depa.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportDataBindingTest {
    private static final JWK KEY_A = EphemeralKey.generate().publicJwk();
    private static final JWK KEY_B = EphemeralKey.generate().publicJwk();
    private static final byte[] NONCE = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void isSha512OfTheLengthPrefixedFields() throws Exception {
        byte[] spki = RecipientKeys.canonicalEncoding(KEY_A);
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        for (byte[] field : new byte[][] {
            ReportDataBinding.DOMAIN_LABEL.getBytes(StandardCharsets.UTF_8),
            NONCE,
            spki,
            "run-1".getBytes(StandardCharsets.UTF_8)
        }) {
            sha.update(new byte[] {
                (byte) (field.length >>> 24),
                (byte) (field.length >>> 16),
                (byte) (field.length >>> 8),
                (byte) field.length
            });
            sha.update(field);
        }

        byte[] binding = ReportDataBinding.reportData(NONCE, KEY_A, "run-1");

        assertThat(binding).hasSize(64).isEqualTo(sha.digest());
    }

    @Test
    void eachInputChangesTheBinding() {
        Set<String> seen = new HashSet<>();
        seen.add(hex(ReportDataBinding.reportData(NONCE, KEY_A, "run-1")));
        seen.add(hex(ReportDataBinding.reportData(NONCE, KEY_B, "run-1")));
        seen.add(hex(ReportDataBinding.reportData(NONCE, KEY_A, "run-2")));
        byte[] otherNonce = NONCE.clone();
        otherNonce[31] ^= 1;
        seen.add(hex(ReportDataBinding.reportData(otherNonce, KEY_A, "run-1")));

        assertThat(seen).hasSize(4);
    }

    @Test
    void movingBytesBetweenFieldsChangesTheBinding() {
        byte[] key = {1, 2, 3};
        byte[] shorterNonce = {9, 9};
        byte[] longerKey = {9, 1, 2, 3};
        byte[] nonce = {9, 9, 9};

        // Plain concatenation would hash the same bytes for both.
        assertThat(ReportDataBinding.reportData(nonce, key, "r"))
                .isNotEqualTo(ReportDataBinding.reportData(shorterNonce, longerKey, "r"));
    }

    @Test
    void thePrivateAndPublicJwkBindTheSame() {
        EphemeralKey k = EphemeralKey.generate();

        assertThat(ReportDataBinding.reportData(NONCE, k.privateJwk(), "r"))
                .isEqualTo(ReportDataBinding.reportData(NONCE, k.publicJwk(), "r"));
        assertThat(ReportDataBinding.recipientKeySha256(k.privateJwk()))
                .isEqualTo(ReportDataBinding.recipientKeySha256(k.publicJwk()))
                .hasSize(64);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
