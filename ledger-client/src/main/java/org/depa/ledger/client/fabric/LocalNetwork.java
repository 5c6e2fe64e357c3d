package org.depa.ledger.client.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The project's own Fabric network as {@code network-config/network.sh} describes it in
 * {@code var/network/network.json}: its organisations (MSP ids, peer endpoints, TLS CAs, users)
 * and its orderers. Read afresh on every call, so organisations added at run time
 * ({@code network.sh add-org}) and changed ports need no client change.
 */
public final class LocalNetwork {
    /** The description's file name inside {@code var/network}. */
    public static final String DESCRIPTION = "network.json";

    /** One peer organisation: its MSP id, its peer's gateway endpoint and TLS CA, its users' directory. */
    public record Org(
            String name,
            String mspId,
            String domain,
            String peerEndpoint,
            String peerHostOverride,
            Path peerTlsCa,
            String peerOperationsEndpoint,
            Path usersDir) {}

    /** One Raft orderer: who runs it, where it listens, its TLS CA and the file holding its process id. */
    public record Orderer(
            String name,
            String organisation,
            String mspId,
            String endpoint,
            String hostOverride,
            Path tlsCa,
            String adminEndpoint,
            String operationsEndpoint,
            Path pidFile) {}

    public static final String CHANNEL = "depa";
    public static final String CHAINCODE = "depa";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public LocalNetwork(Path varNetwork) {
        this.root = Objects.requireNonNull(varNetwork, "varNetwork");
    }

    /** Whether network.sh has described a network here ({@code network.sh up} writes the description). */
    public boolean exists() {
        return Files.isRegularFile(root.resolve(DESCRIPTION));
    }

    public Path directory() {
        return root;
    }

    /** The peer organisations, in the order network.sh lists them (founders first, then added members). */
    public List<Org> organisations() {
        List<Org> orgs = new ArrayList<>();
        for (JsonNode o : array(read(), "organisations")) {
            JsonNode peer = field(o, "peer");
            orgs.add(new Org(
                    text(o, "name"),
                    text(o, "mspId"),
                    text(o, "domain"),
                    text(peer, "endpoint"),
                    text(peer, "hostOverride"),
                    path(peer, "tlsCaFile"),
                    text(peer, "operationsEndpoint"),
                    path(o, "usersDir")));
        }
        return List.copyOf(orgs);
    }

    /** The MSP ids of {@link #organisations()}. */
    public List<String> mspIds() {
        return organisations().stream().map(Org::mspId).toList();
    }

    public List<Orderer> orderers() {
        List<Orderer> orderers = new ArrayList<>();
        for (JsonNode o : array(read(), "orderers")) {
            orderers.add(new Orderer(
                    text(o, "name"),
                    text(o, "organisation"),
                    text(o, "mspId"),
                    text(o, "endpoint"),
                    text(o, "hostOverride"),
                    path(o, "tlsCaFile"),
                    text(o, "adminEndpoint"),
                    text(o, "operationsEndpoint"),
                    path(o, "pidFile")));
        }
        return List.copyOf(orderers);
    }

    /** The network.sh that runs this network (tests use it to bring a stopped node back). */
    public Path script() {
        return Path.of(text(read(), "script"));
    }

    public Org org(String mspId) {
        List<Org> orgs = organisations();
        return orgs.stream()
                .filter(o -> o.mspId().equals(mspId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no organisation " + mspId + " in the network at "
                        + root + "; it has "
                        + orgs.stream().map(Org::mspId).toList()));
    }

    /** Settings to submit as {@code user} (e.g. User1, Admin) of the organisation {@code mspId}. */
    public FabricSettings settings(String mspId, String user) {
        Org org = org(mspId);
        Path msp = org.usersDir().resolve(user + "@" + org.domain()).resolve("msp");
        return settings(mspId, single(msp.resolve("signcerts")), single(msp.resolve("keystore")));
    }

    /**
     * Settings to submit through the organisation {@code mspId}'s peer as the client whose
     * enrolment certificate and key are in {@code certificate} and {@code privateKey} (a
     * participant's own client identity, issued by the organisation's CA with the client OU).
     */
    public FabricSettings settings(String mspId, Path certificate, Path privateKey) {
        Org org = org(mspId);
        JsonNode d = read();
        return new FabricSettings(
                org.peerEndpoint(),
                org.peerHostOverride(),
                org.peerTlsCa(),
                mspId,
                certificate,
                privateKey,
                text(d, "channel"),
                text(d, "chaincode"),
                Duration.ofSeconds(30),
                8);
    }

    private JsonNode read() {
        Path file = root.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "no network description " + file + " (network-config/network.sh up writes it)");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network description " + file, e);
        }
    }

    private Iterable<JsonNode> array(JsonNode node, String name) {
        JsonNode a = field(node, name);
        if (!a.isArray()) {
            throw invalid(name, "is not a list");
        }
        return a;
    }

    private JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw invalid(name, "is missing");
        }
        return v;
    }

    private String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(name, "is not a non-empty string");
        }
        return v.asText();
    }

    private Path path(JsonNode node, String name) {
        return root.resolve(text(node, name)).normalize();
    }

    private IllegalStateException invalid(String name, String what) {
        return new IllegalStateException("network description " + root.resolve(DESCRIPTION) + ": '" + name + "' " + what
                + " (rewrite it: network-config/network.sh describe)");
    }

    private static Path single(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no file in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + dir + " (is the network up? network-config/network.sh up)", e);
        }
    }
}
