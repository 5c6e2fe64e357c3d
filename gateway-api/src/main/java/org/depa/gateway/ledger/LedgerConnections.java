package org.depa.gateway.ledger;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.depa.gateway.config.GatewayConfig;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * One ledger connection per organisation the gateway serves, each bound to that organisation's
 * ledger identity (MSP). Participants' keys are never here: these identities only submit.
 */
@Startup
@ApplicationScoped
public class LedgerConnections {
    @Inject
    GatewayConfig config;

    private final Map<String, LedgerClient> clients = new LinkedHashMap<>();
    private EmbeddedLedger embedded;

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
        Path network = config.ledger()
                .fabricNetwork()
                .orElseThrow(() -> new IllegalStateException(
                        "depa.gateway.ledger.fabric-network is required with depa.gateway.ledger.mode=fabric"));
        LocalNetwork local = new LocalNetwork(network);
        for (String msp : config.organisations()) {
            clients.put(
                    msp,
                    FabricLedger.connect(local.settings(msp, config.ledger().fabricUser())));
        }
    }

    /** The client that submits as {@code mspId}, when the gateway serves that organisation. */
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

    /** The embedded ledger, when the gateway runs on one (tests and demos onboard through it). */
    public Optional<EmbeddedLedger> embedded() {
        return Optional.ofNullable(embedded);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(LedgerClient::close);
        clients.clear();
        if (embedded != null) {
            embedded.close();
        }
    }
}
