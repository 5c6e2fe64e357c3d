package org.depa.data.endpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;

/**
 * The endpoint's own ledger client, for the sample gate's registry reads: the TDP's enrolment on
 * its organisation's peer ({@code ledger=fabric}), or an embedded ledger's directory ({@code
 * ledger=embedded}, which this process then holds alone).
 */
final class EndpointLedger {
    private EndpointLedger() {}

    /** @throws IllegalArgumentException naming a missing or malformed key */
    static LedgerClient open(Properties p) throws IOException {
        String ledger = EndpointSettings.required(p, "ledger");
        switch (ledger) {
            case "fabric" -> {
                LocalNetwork net = new LocalNetwork(Path.of(EndpointSettings.required(p, "network")));
                return FabricLedger.connect(net.settings(
                        EndpointSettings.required(p, "mspId"),
                        Path.of(EndpointSettings.required(p, "clientCertificate")),
                        Path.of(EndpointSettings.required(p, "clientKey"))));
            }
            case "embedded" -> {
                String msp = EndpointSettings.required(p, "mspId");
                String cert = Files.readString(
                        Path.of(EndpointSettings.required(p, "clientCertificate")), StandardCharsets.UTF_8);
                EmbeddedLedger l = EmbeddedLedger.builder()
                        .directory(Path.of(EndpointSettings.required(p, "embeddedDir")))
                        .open();
                return l.connectOwning(new LedgerIdentity(msp, cert));
            }
            default -> throw new IllegalArgumentException("ledger: must be fabric or embedded, was '" + ledger + "'");
        }
    }
}
