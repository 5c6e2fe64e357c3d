package org.depa.demo.remote;

import java.net.URI;
import java.nio.file.Path;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;

/**
 * A party of a finished {@code --via gateway} demo, connected again to a gateway on the same ledger
 * with the certificate the demo's CA issued it ({@code pki/<id>.p12}). In the demo's package, and in
 * test code, because {@link GatewayLedger} (the typed calls over REST that the demo's parties use)
 * and the demo's throw-away PKI password are package-private: the dashboard's tests act through
 * exactly the routes the scenario did, without widening the demo's API.
 */
public final class ScenarioConnections {
    private ScenarioConnections() {}

    /** The typed ledger calls of the party whose PKCS#12 file is {@code keyStore}, as a member of {@code mspId}. */
    public static TypedLedger connect(URI gateway, Path caFile, Path keyStore, String mspId) {
        ClientIdentity identity = identity(keyStore);
        GatewayClient client = GatewayClient.connect(gateway, identity, caFile);
        return new TypedLedger(
                new GatewayLedger(client, new LedgerIdentity(mspId, identity.certificatePem()), () -> {}));
    }

    /** The party's TLS identity (its key also signs its agreement and contracts). */
    public static ClientIdentity identity(Path keyStore) {
        return ClientIdentity.fromPkcs12(keyStore, DemoPki.PASSWORD);
    }

    /** The demo PKI's PKCS#12 password (a throw-away one: the demo's keys never leave its directory). */
    public static char[] password() {
        return DemoPki.PASSWORD.clone();
    }
}
