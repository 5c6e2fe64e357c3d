package org.depa.gateway.ledger;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.gateway.config.GatewayConfig;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * The gateway's ledger connections. Each participant acts through its own client identity, the one
 * the chaincode binds it to at registration ({@code Participant.clientKeySha256}): on the embedded
 * ledger that identity is the participant's mutual-TLS certificate itself; on Fabric it is the
 * enrolment (certificate and key, issued by the organisation's CA) the gateway holds for that
 * certificate in {@code depa.gateway.ledger.fabric-clients}. A caller's connection is therefore
 * always its own, and a write for another participant of the same organisation is refused by the
 * chaincode (WRONG_CLIENT) even if it got past the gateway's own actor check. One connection per
 * organisation remains for reads and for the SRO's operators (the SRO acts as an organisation).
 * Participants' signing keys are never here: these identities only submit.
 */
@Startup
@ApplicationScoped
public class LedgerConnections {
    @Inject
    GatewayConfig config;

    private final Map<String, LedgerClient> clients = new LinkedHashMap<>();
    private final Map<String, LedgerClient> participantClients = new ConcurrentHashMap<>();
    private EmbeddedLedger embedded;
    private LocalNetwork network;

    @PostConstruct
    void open() {
        if (config.organisations().isEmpty()) {
            throw new IllegalStateException("depa.gateway.organisations names no organisation");
        }
        switch (config.ledger().mode()) {
            case EMBEDDED -> openEmbedded();
            case FABRIC -> openFabric();
        }
    }

    private void openEmbedded() {
        EmbeddedLedger.Builder builder = EmbeddedLedger.builder()
                .channel(config.channel())
                .sroMspId(config.sroMspId())
                .chaincodeName(config.chaincode());
        config.ledger().directory().ifPresent(builder::directory);
        config.ledger().developmentRoots().ifPresent(builder::developmentRoots);
        embedded = builder.open();
        Instant now = Instant.now();
        for (String msp : config.organisations()) {
            // The embedded ledger trusts the MSP id it is given; the certificate only names the submitter.
            Credentials submitter = Credentials.generate(
                    SignatureAlgorithm.ECDSA_P256_SHA256,
                    "gateway." + msp,
                    now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(3650)));
            clients.put(msp, embedded.connect(new LedgerIdentity(msp, submitter.certificatePem())));
        }
    }

    private void openFabric() {
        Path directory = config.ledger()
                .fabricNetwork()
                .orElseThrow(() -> new IllegalStateException(
                        "depa.gateway.ledger.fabric-network is required with depa.gateway.ledger.mode=fabric"));
        this.network = new LocalNetwork(directory);
        for (String msp : config.organisations()) {
            clients.put(
                    msp,
                    FabricLedger.connect(
                            this.network.settings(msp, config.ledger().fabricUser())));
        }
    }

    /**
     * The connection that acts as the holder of the mutual-TLS certificate {@code certificatePem}
     * (SHA-256 {@code certificateSha256}) of organisation {@code mspId}: that participant's own
     * client identity, never another's. Empty when the gateway does not serve {@code mspId}.
     *
     * @throws IllegalStateException on Fabric, when no enrolment is held for this certificate
     */
    public Optional<LedgerClient> forParticipant(String mspId, String certificateSha256, String certificatePem) {
        if (!serves(mspId)) {
            return Optional.empty();
        }
        String key = mspId + "/" + certificateSha256.toLowerCase(Locale.ROOT);
        return Optional.of(participantClients.computeIfAbsent(
                key, k -> connectParticipant(mspId, certificateSha256, certificatePem)));
    }

    private LedgerClient connectParticipant(String mspId, String certificateSha256, String certificatePem) {
        if (embedded != null) {
            // The embedded ledger trusts the MSP id it is given; the TLS layer verified the certificate's CA.
            return embedded.connect(new LedgerIdentity(mspId, certificatePem));
        }
        Path wallet = config.ledger()
                .fabricClients()
                .orElseThrow(
                        () -> new ParticipantEnrolmentMissing(
                                "depa.gateway.ledger.fabric-clients is not set, so the gateway holds no participant's ledger identity"));
        Path dir = wallet.resolve(certificateSha256.toLowerCase(Locale.ROOT));
        Path cert = dir.resolve("cert.pem");
        Path privateKey = dir.resolve("key.pem");
        if (!Files.isRegularFile(cert) || !Files.isRegularFile(privateKey)) {
            throw new ParticipantEnrolmentMissing("no ledger identity enrolled for this client certificate (expected "
                    + cert + " and " + privateKey + ")");
        }
        return FabricLedger.connect(network.settings(mspId, cert, privateKey));
    }

    /** The gateway holds no ledger identity for a caller's certificate (Fabric): it may not act for it. */
    public static final class ParticipantEnrolmentMissing extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ParticipantEnrolmentMissing(String message) {
            super(message);
        }
    }

    /** The organisation's own client (the SRO's operators, reads), when the gateway serves it. */
    public Optional<LedgerClient> forOrganisation(String mspId) {
        return Optional.ofNullable(clients.get(mspId));
    }

    /** A client for reads that need no particular organisation (the first one served). */
    public LedgerClient reader() {
        return clients.values().iterator().next();
    }

    public boolean serves(String mspId) {
        return clients.containsKey(mspId);
    }

    /**
     * Fabric: organisation {@code mspId}'s connection settings (its peer, TLS root, the gateway's user
     * of that organisation), from which the auditor's exporter reads the channel's blocks; empty on
     * the embedded ledger.
     */
    public Optional<org.depa.ledger.client.fabric.FabricSettings> fabricSettings(String mspId) {
        return network == null
                ? Optional.empty()
                : Optional.of(network.settings(mspId, config.ledger().fabricUser()));
    }

    /** The embedded ledger, when the gateway runs on one (tests and demos onboard through it). */
    public Optional<EmbeddedLedger> embedded() {
        return Optional.ofNullable(embedded);
    }

    @PreDestroy
    void close() {
        participantClients.values().forEach(LedgerClient::close);
        participantClients.clear();
        clients.values().forEach(LedgerClient::close);
        clients.clear();
        if (embedded != null) {
            embedded.close();
        }
    }
}
