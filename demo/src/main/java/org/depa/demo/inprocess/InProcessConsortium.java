package org.depa.demo.inprocess;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.depa.demo.party.Consortium;
import org.depa.demo.party.Party;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.FabricEnrolment;

/**
 * Every party connected from this JVM: to the embedded ledger (the chaincode in-process) or to the
 * Fabric network through its organisation's peer gateway. Each party acts through its own client
 * identity, a certificate its organisation's CA issued to it alone (issue 15): the ledger binds the
 * participant to that client's key at registration, so a party of the same organisation cannot act
 * for it. On the embedded ledger the CA is one made at start per organisation ({@link
 * OrganisationCas}); on Fabric it is the organisation's CA in {@code var/network/crypto}, which
 * enrols each party with the client OU ({@code var/network/clients/<MSP>/<party>/}). Each party
 * also signs with its own key. The SRO acts as its organisation's client (it is no participant).
 */
public final class InProcessConsortium implements Consortium {
    private static final String CHAINCODE = "depa";

    private final String description;
    private final SigningPayloads.Domain domain;
    private final Function<String, LedgerClient> connect;
    private final BiFunction<String, String, LedgerClient> connectParty;
    private final EmbeddedLedger embedded;
    private final Path ledgerFile;
    private final Set<String> committed = ConcurrentHashMap.newKeySet();
    private final Map<String, LedgerClient> clients = new HashMap<>();

    private InProcessConsortium(
            String description,
            String channel,
            String chaincode,
            Function<String, LedgerClient> connect,
            BiFunction<String, String, LedgerClient> connectParty,
            EmbeddedLedger embedded,
            Path ledgerFile) {
        this.description = description;
        this.domain = new SigningPayloads.Domain(channel, chaincode);
        this.connect = connect;
        this.connectParty = connectParty;
        this.embedded = embedded;
        this.ledgerFile = ledgerFile;
    }

    /** A fresh or replayed embedded ledger in {@code directory}. */
    public static InProcessConsortium embedded(Path directory) {
        EmbeddedLedger e = EmbeddedLedger.builder()
                .directory(directory)
                .chaincodeName(CHAINCODE)
                // The demo's clean room is the SEV-SNP emulator: the development switch, on the ledger.
                .trustAnyDevelopmentRoot()
                .open();
        OrganisationCas cas = new OrganisationCas();
        return new InProcessConsortium(
                "Embedded ledger at " + directory + " (channel " + e.channel() + ", chaincode " + CHAINCODE
                        + "; each party with its own client certificate from its organisation's CA)",
                e.channel(),
                CHAINCODE,
                msp -> e.connect(orgIdentity(msp)),
                (msp, id) -> e.connect(new LedgerIdentity(msp, cas.client(msp, id))),
                e,
                directory.resolve("ledger.jsonl"));
    }

    /**
     * The running network of network-config/network.sh; {@code tag} is the suffix the scenario puts
     * on its ids, because the network keeps earlier runs.
     */
    public static InProcessConsortium fabric(LocalNetwork network, String tag) {
        return new InProcessConsortium(
                "Fabric network (channel " + LocalNetwork.CHANNEL + ", chaincode " + LocalNetwork.CHAINCODE
                        + ", peers of SROMSP, ProviderMSP, ConsumerMSP; ids tagged -" + tag
                        + "; each party enrolled with its organisation's CA)",
                LocalNetwork.CHANNEL,
                CHAINCODE,
                msp -> FabricLedger.connect(network.settings(msp, "User1")),
                (msp, id) -> {
                    FabricEnrolment.Enrolled client = FabricEnrolment.enrol(
                            FabricEnrolment.caDirectory(network.org(msp).usersDir()),
                            id,
                            network.directory().resolve("clients").resolve(msp).resolve(id));
                    return FabricLedger.connect(network.settings(msp, client.certificate(), client.privateKey()));
                },
                null,
                null);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public SigningPayloads.Domain domain() {
        return domain;
    }

    @Override
    public TypedCalls sro() {
        return new TypedLedger(client("SROMSP"));
    }

    @Override
    public Party party(String id, Role role, String mspId, String name, SignatureAlgorithm algorithm) {
        Instant now = Instant.now();
        Credentials c =
                Credentials.generate(algorithm, id, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        return new Party(id, role, mspId, name, c, partyClient(mspId, id));
    }

    @Override
    public int committed() {
        return committed.size();
    }

    @Override
    public SortedMap<String, Integer> eventCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        Set<String> pending = new HashSet<>(committed);
        // The embedded ledger's blocks start at 1; the network's at its genesis block 0.
        try (LedgerClient.EventStream events = client("SROMSP").events(embedded != null ? 1 : 0)) {
            while (!pending.isEmpty() && events.hasNext()) {
                LedgerEventRecord e = events.next();
                if (pending.remove(e.txId())) {
                    counts.merge(e.name(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    @Override
    public Optional<Path> ledgerFile() {
        return Optional.ofNullable(ledgerFile);
    }

    @Override
    public void close() {
        clients.values().forEach(LedgerClient::close);
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The organisation's own client (the SRO's, reads), remembering what it commits: the network also holds other runs' events. */
    private synchronized LedgerClient client(String mspId) {
        return clients.computeIfAbsent(mspId, m -> new RecordingClient(connect.apply(m), committed));
    }

    /** The party's own client identity, never shared with another party of its organisation. */
    private synchronized LedgerClient partyClient(String mspId, String id) {
        return clients.computeIfAbsent(
                mspId + "/" + id, k -> new RecordingClient(connectParty.apply(mspId, id), committed));
    }

    /** The identity an organisation's application connects with (not a participant's). */
    private static LedgerIdentity orgIdentity(String msp) {
        Instant now = Instant.now();
        Credentials c = Credentials.generate(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                msp + "-client",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        return new LedgerIdentity(msp, c.certificatePem());
    }
}
