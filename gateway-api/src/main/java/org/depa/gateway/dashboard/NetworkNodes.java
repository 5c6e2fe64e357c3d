package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.client.fabric.LocalNetwork;

/**
 * The ledger's nodes as this gateway knows them, and whether each is healthy now. Decided: on Fabric
 * the gateway reads the network's description (network.json, the file network.sh writes and the
 * gateway already connects by) and asks each peer's and orderer's operations service for its
 * {@code /healthz} (Fabric's own health checks, with the failing component and its reason), all
 * nodes at once; a node whose operations service does not answer is checked by a TCP connection to
 * its endpoint, and the page says so. It does not ask Fabric's discovery service. On the embedded
 * ledger the node is this process: what it can say honestly is its height and where it keeps its
 * blocks.
 */
@ApplicationScoped
class NetworkNodes {
    @Inject
    GatewayConfig config;

    @Inject
    LedgerConnections ledgers;

    /** The checks run at once (a node that does not answer costs its timeout once, not once per node). */
    private final ExecutorService checking = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "node-health");
        t.setDaemon(true);
        return t;
    });

    /** One node: what it is, whose, where, its state now, why, and how that was found. */
    @TemplateData
    record Node(
            String kind,
            String name,
            String organisation,
            String endpoint,
            String health,
            String detail,
            String checkedBy) {}

    List<Node> nodes() {
        if (config.ledger().mode() == GatewayConfig.Mode.EMBEDDED) {
            String where =
                    config.ledger().directory().map(d -> "directory " + d).orElse("in memory (not persisted)");
            String height = ledgers.embedded()
                    .map(l -> "up, height " + l.height() + " transactions")
                    .orElse("not open");
            return List.of(new Node(
                    "embedded ledger node",
                    "this gateway's process",
                    String.join(", ", config.organisations()),
                    where,
                    height,
                    "",
                    "this process reading its own ledger (there is no separate node to ask)"));
        }
        LocalNetwork network = new LocalNetwork(config.ledger().fabricNetwork().orElseThrow());
        List<CompletableFuture<Node>> checks = new ArrayList<>();
        for (LocalNetwork.Org org : network.organisations()) {
            checks.add(CompletableFuture.supplyAsync(
                    () -> node(
                            "peer",
                            org.name(),
                            org.mspId(),
                            org.peerEndpoint(),
                            NodeHealth.check(org.peerEndpoint(), org.peerOperationsEndpoint(), org.peerTlsCa())),
                    checking));
        }
        for (LocalNetwork.Orderer o : network.orderers()) {
            checks.add(CompletableFuture.supplyAsync(
                    () -> node(
                            "orderer (Raft)",
                            o.name(),
                            o.mspId(),
                            o.endpoint(),
                            NodeHealth.check(o.endpoint(), o.operationsEndpoint(), o.tlsCa())),
                    checking));
        }
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private static Node node(String kind, String name, String msp, String endpoint, NodeHealth.Result r) {
        return new Node(kind, name, msp, endpoint, r.status(), r.detail(), r.checkedBy());
    }
}
