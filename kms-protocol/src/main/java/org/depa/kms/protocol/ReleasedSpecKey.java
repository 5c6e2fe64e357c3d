package org.depa.kms.protocol;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;

/** A sealed-spec key received and unwrapped by the clean room, with the ledger record of its release. */
public final class ReleasedSpecKey implements Destroyable {
    private final byte[] key;
    private final SpecKeyReleaseRecord record;
    private boolean destroyed;

    ReleasedSpecKey(byte[] key, SpecKeyReleaseRecord record) {
        this.key = key.clone();
        this.record = Objects.requireNonNull(record, "record");
    }

    /** A copy of the 32 raw key bytes. */
    public synchronized byte[] specKey() {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
        return key.clone();
    }

    public SpecKeyReleaseRecord record() {
        return record;
    }

    @Override
    public synchronized void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ReleasedSpecKey[" + record.jobId() + ", " + record.runId() + ", tx " + record.txId() + "]";
    }
}
