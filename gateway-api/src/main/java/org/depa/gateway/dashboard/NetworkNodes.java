package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.client.fabric.LocalNetwork;

/**
 * The ledger's nodes as this gateway knows them, and whether each answers now. Decided: on Fabric
 * the gateway reads the network's description (network.json, the file network.sh writes and the
 * gateway already connects by) and checks that each peer's and orderer's endpoint accepts a TCP
 * connection within half a second. It does not ask Fabric's discovery service or the nodes'
 * operations endpoints (those need the operators' TLS client certificates, which a gateway does
 * not hold), so "listening" means the process is up, not that it is in consensus. On the embedded
 * ledger the node is this process: its height and where it keeps its blocks.
 */
@ApplicationScoped
class NetworkNodes {
    private static final int CONNECT_MILLIS = 500;

    @Inject
    GatewayConfig config;

    @Inject
    LedgerConnections ledgers;

    /** One node: what it is, whose, where, and its state now. */
    @TemplateData
    record Node(String kind, String name, String organisation, String endpoint, String health) {}

    List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        if (config.ledger().mode() == GatewayConfig.Mode.EMBEDDED) {
            String where =
                    config.ledger().directory().map(d -> "directory " + d).orElse("in memory (not persisted)");
            String height = ledgers.embedded()
                    .map(l -> "up, height " + l.height() + " transactions")
                    .orElse("not open");
            nodes.add(new Node(
                    "embedded ledger node",
                    "this gateway's process",
                    String.join(", ", config.organisations()),
                    where,
                    height));
            return nodes;
        }
        LocalNetwork network = new LocalNetwork(config.ledger().fabricNetwork().orElseThrow());
        for (LocalNetwork.Org org : network.organisations()) {
            nodes.add(new Node("peer", org.name(), org.mspId(), org.peerEndpoint(), health(org.peerEndpoint())));
        }
        for (LocalNetwork.Orderer o : network.orderers()) {
            nodes.add(new Node("orderer (Raft)", o.name(), o.mspId(), o.endpoint(), health(o.endpoint())));
        }
        return nodes;
    }

    /** "listening" when {@code hostPort} accepts a TCP connection now, else why not. */
    static String health(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return "unknown (no port in '" + hostPort + "')";
        }
        try (Socket s = new Socket()) {
            s.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    CONNECT_MILLIS);
            return "listening";
        } catch (IOException | NumberFormatException e) {
            return "not reachable";
        }
    }
}
