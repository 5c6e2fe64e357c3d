package org.depa.kms.protocol;

import java.util.Objects;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;

/**
 * A TDC's bridge's answer once the spec key release committed on the ledger.
 *
 * @param jwe compact JWE whose content encryption key is the spec key (see {@link ReleaseJwe}; its dataset claim is
 *     {@link SpecReleaseRequest#subject})
 * @param txId the ledger transaction of runs:recordSpecKeyRelease
 * @param record the committed record
 */
public record SpecReleaseResponse(String jwe, String txId, SpecKeyReleaseRecord record) {
    public SpecReleaseResponse {
        Objects.requireNonNull(jwe, "jwe");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(record, "record");
    }
}
