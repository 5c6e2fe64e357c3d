package org.depa.kms.protocol;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.depa.ledger.model.domain.KeyReleaseRecord;

/** A dataset key received and unwrapped by the clean room, with the ledger record of its release. */
public final class ReleasedKey implements Destroyable {
    private final byte[] datasetKey;
    private final ReleaseClaims claims;
    private final String txId;
    private final KeyReleaseRecord record;
    private boolean destroyed;

    ReleasedKey(byte[] datasetKey, ReleaseClaims claims, String txId, KeyReleaseRecord record) {
        this.datasetKey = datasetKey.clone();
        this.claims = Objects.requireNonNull(claims, "claims");
        this.txId = Objects.requireNonNull(txId, "txId");
        this.record = Objects.requireNonNull(record, "record");
    }

    /** A copy of the 32 raw AES-256 key bytes (Tink AesGcmHkdfStreaming input key material). */
    public synchronized byte[] datasetKey() {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
        return datasetKey.clone();
    }

    public String datasetId() {
        return claims.datasetId();
    }

    public String runId() {
        return claims.runId();
    }

    /** The dataset's keyId on the ledger. */
    public String keyId() {
        return claims.keyId();
    }

    public String txId() {
        return txId;
    }

    public KeyReleaseRecord record() {
        return record;
    }

    /** Overwrites the key bytes held here. */
    @Override
    public synchronized void destroy() {
        Arrays.fill(datasetKey, (byte) 0);
        destroyed = true;
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ReleasedKey[" + claims + ", txId=" + txId + "]"; // never the key
    }
}
