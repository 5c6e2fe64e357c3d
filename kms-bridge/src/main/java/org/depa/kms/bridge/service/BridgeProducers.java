package org.depa.kms.bridge.service;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.depa.attestation.CertificateLoader;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.TcbVersion;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.kms.bridge.KeyReleaseService;
import org.depa.kms.bridge.NonceStore;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bridge's parts, from configuration (see application.properties and README.md). The ledger client, the key
 * store and the clock are default beans so that tests can put the shared test world's in their place.
 */
@ApplicationScoped
public class BridgeProducers {
    private static final Logger LOG = Logger.getLogger("depa.kms");

    @ConfigProperty(name = "depa.kms.nonce-ttl", defaultValue = "PT60S")
    Duration nonceTtl;

    @ConfigProperty(name = "depa.kms.nonce-capacity", defaultValue = "10000")
    int nonceCapacity;

    @ConfigProperty(name = "depa.kms.nonce-per-source", defaultValue = "100")
    int noncePerSource;

    @ConfigProperty(name = "depa.kms.nonce-per-run", defaultValue = "10")
    int noncePerRun;

    @ConfigProperty(name = "depa.kms.audit.refusals-per-minute", defaultValue = "20")
    int refusalLinesPerMinute;

    @ConfigProperty(name = "depa.kms.policy.vmpl", defaultValue = "0")
    int vmpl;

    @ConfigProperty(name = "depa.kms.development-root.enabled", defaultValue = "false")
    boolean developmentRoot;

    @ConfigProperty(name = "depa.kms.development-root.certificate")
    Optional<Path> developmentRootCertificate;

    @ConfigProperty(name = "depa.kms.development-root.product", defaultValue = "Milan")
    String developmentRootProduct;

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    @DefaultBean
    LedgerClient ledger(Config config) {
        String kind =
                config.getOptionalValue("depa.kms.ledger.kind", String.class).orElse("embedded");
        String mspId = config.getValue("depa.kms.ledger.msp-id", String.class);
        if (kind.equals("fabric")) {
            Path network = config.getValue("depa.kms.ledger.fabric.network", Path.class);
            // The TDP's own enrolment (issue 15: the ledger binds each participant to its client, so a
            // release recorded through the organisation's shared user is WRONG_CLIENT); a user otherwise.
            Optional<Path> certificate = config.getOptionalValue("depa.kms.ledger.fabric.certificate", Path.class);
            if (certificate.isPresent()) {
                Path key = config.getValue("depa.kms.ledger.fabric.key", Path.class);
                return FabricLedger.connect(new LocalNetwork(network).settings(mspId, certificate.get(), key));
            }
            String user = config.getOptionalValue("depa.kms.ledger.fabric.user", String.class)
                    .orElse("User1");
            return FabricLedger.connect(new LocalNetwork(network).settings(mspId, user));
        }
        if (!kind.equals("embedded")) {
            throw new IllegalStateException("depa.kms.ledger.kind must be embedded or fabric, not " + kind);
        }
        Path directory = config.getValue("depa.kms.ledger.directory", Path.class);
        Path certificate = config.getValue("depa.kms.ledger.certificate", Path.class);
        LedgerIdentity identity;
        try {
            identity = new LedgerIdentity(mspId, Files.readString(certificate));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the ledger identity " + certificate, e);
        }
        // The bridge holds the directory (locked) until it stops: closeLedger closes the ledger too.
        return EmbeddedLedger.builder().directory(directory).open().connectOwning(identity);
    }

    void closeLedger(@Disposes LedgerClient ledger) {
        ledger.close();
    }

    @Produces
    @Singleton
    @DefaultBean
    DatasetKeyStore keyStore(Config config) {
        return openKeyStore(config);
    }

    /**
     * The configured key store, or an IllegalStateException that says what is wrong (no password, a missing file,
     * a wrong password or PIN, an unknown kind): the bridge then fails at start rather than reporting healthy and
     * answering every request with 500.
     */
    static DatasetKeyStore openKeyStore(Config config) {
        String kind =
                config.getOptionalValue("depa.kms.keystore.kind", String.class).orElse("pkcs12");
        String password = config.getOptionalValue("depa.kms.keystore.password", String.class)
                .orElse("");
        if (password.isEmpty()) {
            throw new IllegalStateException("depa.kms.keystore.password is not set: the bridge cannot open its key"
                    + " store (set DEPA_KMS_KEYSTORE_PASSWORD to the store password or token PIN)");
        }
        try {
            if (kind.equals("pkcs11")) {
                Path cfg = config.getValue("depa.kms.keystore.pkcs11-config", Path.class);
                if (!Files.isRegularFile(cfg)) {
                    throw new IllegalStateException("depa.kms.keystore.pkcs11-config " + cfg + " does not exist");
                }
                return DatasetKeyStore.pkcs11(cfg, password.toCharArray());
            }
            if (!kind.equals("pkcs12")) {
                throw new IllegalStateException("depa.kms.keystore.kind must be pkcs12 or pkcs11, not " + kind);
            }
            Path file = config.getValue("depa.kms.keystore.path", Path.class);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("the key store " + file.toAbsolutePath()
                        + " (depa.kms.keystore.path) does not exist: import the dataset keys first");
            }
            return DatasetKeyStore.pkcs12(file, password.toCharArray());
        } catch (KeyCustodyException e) {
            throw new IllegalStateException("the bridge cannot open its key store: " + e.getMessage(), e);
        }
    }

    void closeKeyStore(@Disposes DatasetKeyStore store) {
        store.close();
    }

    @Produces
    @Singleton
    NonceStore nonces(Clock clock) {
        return NonceStore.create(clock, nonceTtl, new NonceStore.Quotas(nonceCapacity, noncePerSource, noncePerRun));
    }

    @Produces
    @Singleton
    KeyReleaseService service(LedgerClient ledger, NonceStore nonces, DatasetKeyStore keys, Config config) {
        return new KeyReleaseService(
                ledger,
                PartySetting.resolve(config, LOG),
                verifier(),
                policy(config),
                nonces,
                keys,
                developmentRoot,
                Clock.systemUTC(),
                refusalLinesPerMinute);
    }

    @Produces
    @Singleton
    OwnerGate ownerGate(Config config) {
        // Certificates are checked against the wall clock, not the (replaceable) clock of the nonces.
        return OwnerGate.from(config, Clock.systemUTC());
    }

    /**
     * First at start, before the ledger or the key store is opened: a bridge whose transport settings are not
     * HTTPS-only with its TLS material ({@link TransportSettings}) stops here, exit 2, naming the setting. Halted,
     * not exited through Quarkus' shutdown, which would wait for the start this observer is part of.
     */
    void checkTransport(@Observes @Priority(1) StartupEvent event, Config config) {
        Optional<String> problem = TransportSettings.problem(config);
        if (problem.isPresent()) {
            LOG.severe("kms-bridge cannot start: " + problem.get());
            System.err.println("kms-bridge: cannot start: " + problem.get());
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
    }

    /**
     * At start, before any request: opens the key store (a bridge that cannot is stopped here with the reason, not
     * left healthy to answer 500), and logs the development switch loudly.
     */
    void onStart(@Observes StartupEvent event, DatasetKeyStore keys, OwnerGate owner) {
        LOG.info("key store open: " + keys.kind());
        LOG.info(owner.ownerSha256()
                .map(sha -> "administrative routes: the key owner's certificate only (sha256 " + sha + ")")
                .orElse("administrative routes: closed (no " + OwnerGate.OWNER + ")"));
        if (developmentRoot) {
            LOG.warning("*** DEVELOPMENT ROOT TRUSTED *** depa.kms.development-root.enabled=true: this bridge accepts"
                    + " SEV-SNP reports signed by the emulator's test ARK ("
                    + developmentRootCertificate.map(Path::toString).orElse("?")
                    + "). Any holder of that test chain can obtain keys. Never enable it with real data.");
        }
    }

    SnpVerifier verifier() {
        VerifierOptions options = VerifierOptions.defaults();
        if (developmentRoot) {
            Path pem = developmentRootCertificate.orElseThrow(() -> new IllegalStateException(
                    "depa.kms.development-root.enabled needs depa.kms.development-root.certificate"));
            SnpProduct product = SnpProduct.fromDisplayName(developmentRootProduct)
                    .orElseThrow(() ->
                            new IllegalStateException("unknown development-root product " + developmentRootProduct));
            try {
                List<X509Certificate> roots = CertificateLoader.load(pem);
                for (X509Certificate root : roots) {
                    options = options.withDevelopmentRoot(product, root);
                }
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("cannot read the development root " + pem, e);
            }
        }
        return SnpVerifier.create(options);
    }

    VerificationPolicy policy(Config config) {
        VerificationPolicy policy = VerificationPolicy.defaults().withExpectedVmpl(vmpl);
        for (SnpProduct product : SnpProduct.values()) {
            Optional<String> min = config.getOptionalValue(
                    "depa.kms.policy.minimum-tcb." + product.displayName().toLowerCase(Locale.ROOT), String.class);
            if (min.isPresent()) {
                policy = policy.withMinimumTcb(product, parseTcb(min.get()));
            }
        }
        return policy;
    }

    /** "bootloader,tee,snp,microcode" or, for Turin, "fmc,bootloader,tee,snp,microcode". */
    static TcbVersion parseTcb(String text) {
        String[] parts = text.split(",", -1);
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Integer.parseInt(parts[i].strip());
        }
        return switch (v.length) {
            case 4 -> TcbVersion.of(v[0], v[1], v[2], v[3]);
            case 5 -> new TcbVersion(v[0], v[1], v[2], v[3], v[4]);
            default -> throw new IllegalArgumentException("a minimum TCB has 4 or 5 components: " + text);
        };
    }
}
