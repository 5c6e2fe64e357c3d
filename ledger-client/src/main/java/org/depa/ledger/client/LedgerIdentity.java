package org.depa.ledger.client;

import java.util.Objects;

/**
 * Who submits: an organisation's MSP ID and an X.509 certificate issued by its CA, as Fabric's
 * SerializedIdentity carries them.
 */
public record LedgerIdentity(String mspId, String certificatePem) {
    public LedgerIdentity {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(certificatePem, "certificatePem");
    }

    @Override
    public String toString() {
        return "LedgerIdentity[" + mspId + "]";
    }
}
