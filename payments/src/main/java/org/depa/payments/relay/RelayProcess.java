package org.depa.payments.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.payments.chain.Chain;
import org.depa.payments.chain.ChainException;
import org.depa.payments.chain.EscrowDeployment;
import org.web3j.crypto.Credentials;

/**
 * {@code RelayMain relay.properties}: the relay as a service (properties in payments/README.md).
 * The settlement key comes from {@code keyFile} (owner-only) or the environment variable
 * {@value #KEY_ENV}, never from the properties or the command line; a key in the properties is
 * refused. Logs go to {@code stateDir/relay.log} (owner-only); the status to {@code
 * stateDir/status.json}. Runs until SIGTERM, then stops as {@link RelayService#close()} says.
 */
final class RelayProcess {
    static final String KEY_ENV = "DEPA_RELAY_KEY";
    static final String RUNNING = "payment-relay: following the ledger as ";

    private RelayProcess() {}

    /** Runs the service; returns the exit code (2: bad configuration, 0: stopped). */
    static int run(Path propertiesFile) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            p.load(in);
        } catch (IOException e) {
            return usage(propertiesFile + ": cannot read it: " + e.getMessage());
        }
        RelayService.Settings settings;
        Credentials key;
        long chainId;
        try {
            for (String secret : new String[] {"key", "privateKey", "settlementKey"}) {
                if (p.containsKey(secret)) {
                    throw new IllegalArgumentException(secret + ": a key does not belong in the configuration: give "
                            + "keyFile (an owner-only file) or the environment variable " + KEY_ENV);
                }
            }
            settings = new RelayService.Settings(
                    Path.of(required(p, "stateDir")),
                    number(p, "firstBlock", 0),
                    Duration.ofSeconds(number(p, "retryEverySeconds", 10)),
                    Duration.ofSeconds(number(p, "maxBackoffSeconds", 60)),
                    Duration.ofSeconds(number(p, "expiryGraceSeconds", 0)),
                    Duration.ofSeconds(number(p, "stopGraceSeconds", 20)));
            key = key(p);
            chainId = number(p, "chainId", -1);
            required(p, "relayId");
        } catch (IllegalArgumentException e) {
            return usage(propertiesFile + ": " + e.getMessage());
        }
        Path stateDir = settings.stateDir();
        Files.createDirectories(stateDir);
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        Path logFile = stateDir.resolve("relay.log");
        if (!Files.exists(logFile)) {
            Files.createFile(
                    logFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.setPosixFilePermissions(logFile, PosixFilePermissions.fromString("rw-------"));
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            try {
                done.await(settings.stopGrace().toSeconds() + 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (PrintStream log = new PrintStream(
                        Files.newOutputStream(logFile, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
                LedgerClient client = client(p)) {
            log.println("===== payment relay " + required(p, "relayId") + " starting (pid "
                    + ProcessHandle.current().pid() + ")");
            Chain chain = connect(p, chainId, settings, stopping, log);
            if (chain == null) {
                return 0;
            }
            try (chain) {
                RelayConfig config = new RelayConfig(
                        chain,
                        key,
                        new EscrowDeployment(required(p, "token"), required(p, "escrow")),
                        required(p, "relayId"),
                        (int) number(p, "confirmations", 2),
                        Duration.ofSeconds(number(p, "resendAfterSeconds", 3)));
                try (RelayService service = RelayService.start(client, config, settings, Clock.systemUTC(), log)) {
                    System.out.println(RUNNING + config.relayParticipantId() + "; log " + logFile + "; status "
                            + stateDir.resolve(RelayStatus.FILE));
                    stopping.await();
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            return usage(propertiesFile + ": " + e.getMessage());
        } finally {
            done.countDown();
        }
    }

    /** The chain, tried with a growing pause while it does not answer (STARTING in the status); null if stopped first. */
    private static Chain connect(
            Properties p, long chainId, RelayService.Settings s, CountDownLatch stopping, PrintStream log)
            throws InterruptedException {
        Duration poll = Duration.ofMillis(number(p, "pollMillis", Chain.DEFAULT_POLL_INTERVAL.toMillis()));
        for (int attempt = 1; ; attempt++) {
            try {
                return Chain.connect(required(p, "rpcUrl"), chainId, poll);
            } catch (ChainException e) {
                long wait = Math.min(s.maxBackoff().toMillis(), 1000L << Math.min(attempt - 1, 16));
                log.println(java.time.Instant.now() + " chain not reachable (attempt " + attempt + "), retrying in "
                        + wait + " ms: " + e.getMessage());
                new RelayStatus(
                                "STARTING",
                                ProcessHandle.current().pid(),
                                required(p, "relayId"),
                                java.time.Instant.now().toString(),
                                "",
                                0,
                                0,
                                java.util.List.of(),
                                e.getMessage(),
                                java.time.Instant.now().plusMillis(wait).toString(),
                                0)
                        .write(s.stateDir());
                if (stopping.await(wait, TimeUnit.MILLISECONDS)) {
                    return null;
                }
            }
        }
    }

    /** The relay party's own ledger client: its organisation's peer on Fabric, or an embedded ledger's directory. */
    private static LedgerClient client(Properties p) throws IOException {
        String ledger = required(p, "ledger");
        switch (ledger) {
            case "fabric" -> {
                LocalNetwork net = new LocalNetwork(Path.of(required(p, "network")));
                return FabricLedger.connect(net.settings(
                        required(p, "mspId"),
                        Path.of(required(p, "clientCertificate")),
                        Path.of(required(p, "clientKey"))));
            }
            case "embedded" -> {
                EmbeddedLedger l = EmbeddedLedger.builder()
                        .directory(Path.of(required(p, "embeddedDir")))
                        .sroMspId(p.getProperty("sroMspId", "SROMSP").trim())
                        .chaincodeName(p.getProperty("chaincode", "depa").trim())
                        .open();
                return l.connectOwning(new LedgerIdentity(
                        required(p, "mspId"),
                        Files.readString(Path.of(required(p, "clientCertificate")), StandardCharsets.UTF_8)));
            }
            default -> throw new IllegalArgumentException(
                    "ledger: must be one of " + Arrays.asList("fabric", "embedded") + ", was '" + ledger + "'");
        }
    }

    /** The settlement key from {@code keyFile} (refused unless owner-only) or {@value #KEY_ENV}. */
    private static Credentials key(Properties p) {
        String file = p.getProperty("keyFile");
        String hex;
        if (file != null && !file.isBlank()) {
            Path f = Path.of(file.trim());
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                if (perms.stream()
                        .anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                    throw new IllegalArgumentException(
                            "keyFile: " + f + " is open to other users (" + PosixFilePermissions.toString(perms)
                                    + "); the settlement key must be owner-only (chmod 600)");
                }
                hex = Files.readString(f, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("keyFile: cannot read " + f + ": " + e.getMessage(), e);
            }
        } else {
            hex = System.getenv(KEY_ENV);
            if (hex == null || hex.isBlank()) {
                throw new IllegalArgumentException("keyFile: required (or the environment variable " + KEY_ENV + ")");
            }
            hex = hex.strip();
        }
        if (!hex.matches("(0x)?[0-9a-fA-F]{1,64}")) {
            // Never echo the value: it may be a key with a typo.
            throw new IllegalArgumentException(
                    "the settlement key is not a private key in hex (up to 64 hex digits, 0x optional)");
        }
        return Credentials.create(hex);
    }

    static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + ": required");
        }
        return v.trim();
    }

    static long number(Properties p, String key, long dflt) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            if (dflt < 0) {
                throw new IllegalArgumentException(key + ": required");
            }
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a whole number, was '" + v.trim() + "'", e);
        }
    }

    private static int usage(String problem) {
        System.err.println("payment-relay: " + problem);
        return 2;
    }
}
