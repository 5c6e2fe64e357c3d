package org.depa.demo.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.demo.party.Consortium;
import org.depa.demo.party.Party;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;

/**
 * Every party behind the gateway: a gateway process (gateway-api's quarkus-run.jar) holds the
 * embedded ledger, and each party, the SRO's operator included, calls it over mutual TLS with a
 * certificate of its own, issued by the demo's CA. The embedded ledger lives in one process, so one
 * gateway serves the three organisations; on Fabric each organisation runs its own.
 */
public final class GatewayConsortium implements Consortium {
    private static final String SRO_MSP = "SROMSP";
    /** The channel and chaincode the gateway signs payloads under: set here, so the parties sign the same. */
    private static final SigningPayloads.Domain DOMAIN = new SigningPayloads.Domain("depa", "depa");

    private final Path ledgerDir;
    private final DemoPki pki;
    private final GatewayProcess gateway;
    private final String description;
    private final TypedLedger sro;
    private final AtomicInteger committed = new AtomicInteger();
    private final Map<String, DemoPki.Client> clients = new java.util.concurrent.ConcurrentHashMap<>();

    private GatewayConsortium(
            Path ledgerDir, DemoPki pki, GatewayProcess gateway, String description, DemoPki.Client sro) {
        this.ledgerDir = ledgerDir;
        this.pki = pki;
        this.gateway = gateway;
        this.description = description;
        this.sro = new TypedLedger(connection(SRO_MSP, sro));
    }

    /**
     * Issues the certificates under {@code dir/pki}, starts the gateway on the ledger in
     * {@code dir/ledger} (log: {@code dir/gateway.log}) and waits until it is ready.
     *
     * @param jar gateway-api's quarkus-run.jar; null for $DEPA_GATEWAY_JAR or the one built in the repository
     */
    public static GatewayConsortium start(Path dir, Path jar) throws IOException {
        DemoPki pki = new DemoPki(dir.resolve("pki"));
        Path[] server = pki.server();
        DemoPki.Client operator = pki.client("sro-operator", SignatureAlgorithm.ECDSA_P256_SHA256);
        Path ledgerDir = dir.resolve("ledger");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("depa.gateway.organisations", "SROMSP,ProviderMSP,ConsumerMSP");
        config.put("depa.gateway.channel", DOMAIN.channel());
        config.put("depa.gateway.chaincode", DOMAIN.chaincode());
        config.put(
                "depa.gateway.sro-operators",
                Pem.certificate("sro-operator", operator.credentials().certificatePem())
                        .sha256());
        config.put("depa.gateway.ledger.directory", ledgerDir.toAbsolutePath().toString());
        // The demo's clean room is the SEV-SNP emulator: the ledger is deployed with the development
        // switch, which its governance record shows and every audit flags.
        config.put("depa.gateway.ledger.development-roots", "any");
        // The payment pages' balances and the audit's settlement check: the demo's chain, once deployed.
        config.put(
                "depa.gateway.payment-chain.file",
                dir.resolve("chain/chain.properties").toAbsolutePath().toString()); // PaymentChain.SETTINGS_FILE
        config.put(
                "quarkus.tls.key-store.pem.0.cert", server[0].toAbsolutePath().toString());
        config.put("quarkus.tls.key-store.pem.0.key", server[1].toAbsolutePath().toString());
        config.put(
                "quarkus.tls.trust-store.pem.certs",
                pki.caFile().toAbsolutePath().toString());
        long started = System.nanoTime();
        Path log = dir.resolve("gateway.log");
        GatewayProcess gateway =
                GatewayProcess.start(jar != null ? jar : GatewayProcess.defaultJar(), config, log, pki.caFile());
        String description = "Embedded ledger at " + ledgerDir + " in a gateway process at " + gateway.base
                + " (mutual TLS, each party with its own certificate; up in "
                + (System.nanoTime() - started) / 1_000_000 + " ms, log " + log + ")";
        return new GatewayConsortium(ledgerDir, pki, gateway, description, operator);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SigningPayloads.Domain domain() {
        return DOMAIN;
    }

    @Override
    public TypedCalls sro() {
        return sro;
    }

    @Override
    public Party party(String id, Role role, String mspId, String name, SignatureAlgorithm algorithm) {
        DemoPki.Client tls = pki.client(id, algorithm);
        clients.put(id, tls);
        return new Party(id, role, mspId, name, tls.credentials(), connection(mspId, tls));
    }

    @Override
    public int committed() {
        return committed.get();
    }

    /** The first {@link #committed()} events: the gateway's ledger is this run's own, started empty. */
    @Override
    public SortedMap<String, Integer> eventCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        int expected = committed();
        try (LedgerClient.EventStream events = sro.client().events(0)) {
            for (int i = 0; i < expected && events.hasNext(); i++) {
                LedgerEventRecord e = events.next();
                counts.merge(e.name(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public Optional<Path> ledgerFile() {
        return Optional.of(ledgerDir.resolve("ledger.jsonl"));
    }

    @Override
    public void close() {
        gateway.close();
    }

    /** The gateway's dashboard. */
    public java.net.URI dashboard() {
        return gateway.base.resolve("/dashboard");
    }

    /**
     * A one-time login link to the dashboard for participant {@code id}, asked for over mutual TLS
     * with that participant's own certificate (as {@code depa dashboard login} does).
     */
    public String dashboardLogin(String id) {
        DemoPki.Client tls = clients.get(id);
        if (tls == null) {
            throw new IllegalArgumentException("no participant '" + id + "' in this consortium");
        }
        GatewayClient client = GatewayClient.connect(
                gateway.base, ClientIdentity.fromPkcs12(tls.keyStore(), DemoPki.PASSWORD), pki.caFile());
        return org.depa.ledger.model.Json.tree(client.post("/v1/dashboard/sessions", "{}"))
                .path("loginUrl")
                .asText();
    }

    private LedgerClient connection(String mspId, DemoPki.Client tls) {
        GatewayClient client = GatewayClient.connect(
                gateway.base, ClientIdentity.fromPkcs12(tls.keyStore(), DemoPki.PASSWORD), pki.caFile());
        return new GatewayLedger(
                client, new LedgerIdentity(mspId, tls.credentials().certificatePem()), committed::incrementAndGet);
    }
}
