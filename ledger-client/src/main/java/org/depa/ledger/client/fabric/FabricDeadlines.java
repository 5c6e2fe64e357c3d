package org.depa.ledger.client.fabric;

import java.time.Duration;

/**
 * How long a Fabric Gateway call may take before the client gives up, from the settings' timeout
 * T (30 s from {@link LocalNetwork}): evaluate and endorse T (the gateway peer and the endorsers);
 * submit min(T, 20 s) (the peer hands the transaction to the orderer: it answers within its
 * broadcastTimeout, 15 s in network-config/core.yaml, so a wait beyond that only means the orderer
 * cannot be reached); commit status 2T (the orderer cuts a block within its BatchTimeout, 250 ms
 * here, and the peer commits it). A submit against a stopped orderer therefore fails within about
 * 20 s, naming the orderer.
 */
final class FabricDeadlines {
    private static final Duration SUBMIT_CAP = Duration.ofSeconds(20);

    private FabricDeadlines() {}

    static Duration call(FabricSettings s) {
        return s.timeout();
    }

    static Duration submit(FabricSettings s) {
        return s.timeout().compareTo(SUBMIT_CAP) < 0 ? s.timeout() : SUBMIT_CAP;
    }

    static Duration commitStatus(FabricSettings s) {
        return s.timeout().multipliedBy(2);
    }
}
