package org.depa.ledger.model.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetRequestTest {
    private static DatasetRequest request(String encryptedLocation, String ciphertextSha256) {
        return new DatasetRequest(
                "d1", "icmr", "n", "d", List.of(), "s", encryptedLocation, ciphertextSha256, "k", "kid", null);
    }

    @Test
    void eachWithChangesItsOwnFieldOnly() {
        DatasetRequest r = request("file:///old.enc", "a".repeat(64));
        assertThat(r.withEncryptedLocation("file:///new.enc")).isEqualTo(request("file:///new.enc", "a".repeat(64)));
        assertThat(r.withCiphertextSha256("b".repeat(64))).isEqualTo(request("file:///old.enc", "b".repeat(64)));
    }
}
