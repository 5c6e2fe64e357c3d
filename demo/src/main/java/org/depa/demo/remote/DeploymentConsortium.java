package org.depa.demo.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.demo.deployment.DeploymentLayout;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.party.Consortium;
import org.depa.demo.party.Party;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.PemText;

/**
 * The parties of a running deployment ({@code depa deployment up}): each one a client of its own
 * organisation's gateway only, over mutual TLS with the certificate the deployment issued to it
 * alone (and with whose key it signs); the gateway submits through that participant's own Fabric
 * enrolment. The SRO is an SRO operator's certificate at the SRO's gateway.
 */
public final class DeploymentConsortium implements Consortium {
    private static final String SRO_MSP = "SROMSP";
    private static final SigningPayloads.Domain DOMAIN = new SigningPayloads.Domain("depa", "depa");

    private final DeploymentLayout layout;
    private final DeploymentState state;
    private final TypedLedger sro;
    private final AtomicInteger committed = new AtomicInteger();

    private DeploymentConsortium(DeploymentLayout layout, DeploymentState state) {
        this.layout = layout;
        this.state = state;
        Path op = layout.party("sro-operator");
        this.sro = new TypedLedger(connection(
                SRO_MSP,
                ClientIdentity.fromPem(op.resolve("tls-cert.pem"), op.resolve("tls-key.pem")),
                read(op.resolve("tls-cert.pem"))));
    }

    public static DeploymentConsortium open(DeploymentLayout layout, DeploymentState state) {
        return new DeploymentConsortium(layout, state);
    }

    @Override
    public String description() {
        StringBuilder b = new StringBuilder("Fabric network, the consortium as separate processes (deployment ")
                .append(state.tag())
                .append("): each party through its own organisation's gateway over mutual TLS, with its own certificate"
                        + " and Fabric enrolment;");
        for (DeploymentState.Component c : state.components()) {
            if (!c.url().isEmpty()) {
                b.append(' ').append(c.name()).append(' ').append(c.url()).append(',');
            }
        }
        b.append(" and the CCR provider's operator process, which runs the TDC's training job in a clean room it"
                + " launches");
        return b.toString();
    }

    @Override
    public SigningPayloads.Domain domain() {
        return DOMAIN;
    }

    @Override
    public TypedCalls sro() {
        return sro;
    }

    /** The participant {@code id} as the deployment provisioned it: its organisation and role must be those asked for. */
    @Override
    public Party party(String id, Role role, String mspId, String name, SignatureAlgorithm algorithm) {
        DeploymentState.PartyEntry e = state.parties().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("deployment " + state.tag() + " has no participant " + id));
        if (!e.mspId().equals(mspId) || !e.role().equals(role.name())) {
            throw new IllegalStateException("deployment " + state.tag() + " provisioned " + id + " as " + e.role()
                    + " of " + e.mspId() + ", not " + role + " of " + mspId);
        }
        Path dir = layout.party(id);
        String certificatePem = read(dir.resolve("tls-cert.pem"));
        String keyPem = read(dir.resolve("tls-key.pem"));
        Credentials credentials = new Credentials(
                keyPem,
                certificatePem,
                PemText.encode(PemText.parseCertificate(certificatePem).getPublicKey()));
        ClientIdentity tls = ClientIdentity.fromPem(dir.resolve("tls-cert.pem"), dir.resolve("tls-key.pem"));
        return new Party(id, role, mspId, name, credentials, connection(mspId, tls, certificatePem));
    }

    /**
     * {@code party}'s own gateway client (mutual TLS with its certificate), for what is not a ledger
     * transaction: a TDC's job progress and sealed output, which its gateway fetches from the operator.
     */
    public GatewayClient gatewayOf(Party party) {
        if (party.connection() instanceof GatewayLedger g) {
            return g.gateway();
        }
        throw new IllegalArgumentException(party.id() + " is not a party of this deployment");
    }

    @Override
    public int committed() {
        return committed.get();
    }

    /**
     * Not counted: the network keeps every earlier run and the gateway's stream gives no height to
     * start from; {@code depa audit export} reads every block.
     */
    @Override
    public SortedMap<String, Integer> eventCounts() {
        return new TreeMap<>();
    }

    @Override
    public Optional<Path> ledgerFile() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // The gateways are the deployment's; they keep running.
    }

    private LedgerClient connection(String mspId, ClientIdentity tls, String certificatePem) {
        DeploymentState.Component gateway = state.gatewayOf(mspId)
                .orElseThrow(
                        () -> new IllegalStateException("deployment " + state.tag() + " has no gateway for " + mspId));
        GatewayClient client = GatewayClient.connect(java.net.URI.create(gateway.url()), tls, layout.orgCa(mspId));
        return new GatewayLedger(client, new LedgerIdentity(mspId, certificatePem), committed::incrementAndGet);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
