package org.depa.kms.protocol;

import java.util.Objects;
import org.depa.ledger.model.domain.KeyReleaseRecord;

/**
 * The bridge's answer once the key release committed on the ledger.
 *
 * @param jwe compact JWE whose content encryption key is the dataset key (see {@link ReleaseJwe})
 * @param txId the ledger transaction of runs:recordKeyRelease
 * @param record the committed key-release record
 */
public record ReleaseResponse(String jwe, String txId, KeyReleaseRecord record) {
    public ReleaseResponse {
        Objects.requireNonNull(jwe, "jwe");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(record, "record");
    }
}
