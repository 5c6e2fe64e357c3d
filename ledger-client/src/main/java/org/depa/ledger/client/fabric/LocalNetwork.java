package org.depa.ledger.client.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The project's own Fabric network as {@code network-config/network.sh} lays it out under
 * {@code var/network}: three peer organisations on loopback, cryptogen's directory layout.
 */
public final class LocalNetwork {
    /** One peer organisation: its MSP ID, domain and gateway port. */
    public record Org(String mspId, String domain, int port) {}

    public static final Map<String, Org> ORGS = Map.of(
            "SROMSP", new Org("SROMSP", "sro.depa.local", 7051),
            "ProviderMSP", new Org("ProviderMSP", "provider.depa.local", 8051),
            "ConsumerMSP", new Org("ConsumerMSP", "consumer.depa.local", 9051));

    public static final String CHANNEL = "depa";
    public static final String CHAINCODE = "depa";

    private final Path root;

    public LocalNetwork(Path varNetwork) {
        this.root = Objects.requireNonNull(varNetwork, "varNetwork");
    }

    public boolean exists() {
        return Files.isDirectory(root.resolve("crypto/peerOrganizations"));
    }

    /** Settings to submit as {@code user} (e.g. User1, Admin) of the organisation {@code mspId}. */
    public FabricSettings settings(String mspId, String user) {
        Org org = ORGS.get(mspId);
        if (org == null) {
            throw new IllegalArgumentException(
                    "no organisation " + mspId + " in the local network; it has " + ORGS.keySet());
        }
        Path orgDir = root.resolve("crypto/peerOrganizations").resolve(org.domain());
        Path msp = orgDir.resolve("users").resolve(user + "@" + org.domain()).resolve("msp");
        return new FabricSettings(
                "127.0.0.1:" + org.port(),
                "peer0." + org.domain(),
                orgDir.resolve("tlsca").resolve("tlsca." + org.domain() + "-cert.pem"),
                mspId,
                single(msp.resolve("signcerts")),
                single(msp.resolve("keystore")),
                CHANNEL,
                CHAINCODE,
                Duration.ofSeconds(30),
                8);
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
