package org.depa.ledger.client.fabric;

/**
 * How long a client waits before endorsing again when an endorser seems one block behind (see
 * {@code FabricLedger.submit}). Peers commit each block on their own, a few milliseconds apart
 * when the network is healthy: a client told by its own organisation's peer that a transaction
 * committed can reach another organisation's peer before that peer has. The first pauses are
 * short because that is the usual case (the network benchmark saw one activation in eight hit it,
 * each time cleared by the first retry); they double so that a peer that is really behind, on a
 * loaded machine, still gets over a second in all before the refusal is returned as genuine.
 */
final class LaggingPeerPauses {
    /** Endorsements retried at most, after the first. */
    static final int RETRIES = 7;

    private static final long FIRST_MILLIS = 10;

    private LaggingPeerPauses() {}

    /** The pause before retry {@code n} (1 to {@link #RETRIES}): 10 ms, doubling. */
    static long beforeRetry(int n) {
        if (n < 1 || n > RETRIES) {
            throw new IllegalArgumentException("retry " + n + " is outside 1.." + RETRIES);
        }
        return FIRST_MILLIS << (n - 1);
    }
}
