package org.depa.ccr.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;

/**
 * The operator as a service: {@code java -cp ... org.depa.ccr.operator.OperatorMain operator.properties}.
 * It runs until it is stopped (SIGTERM closes it; clean rooms keep running and the next start
 * waits for them). Its log is {@code stateDir/operator.log}. The properties are listed in the
 * module README; a missing or malformed one is refused naming it, exit code 2.
 */
public final class OperatorMain {
    private OperatorMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OperatorMain <operator.properties>");
            System.exit(2);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            p.load(in);
        }
        OperatorSettings settings;
        LedgerClient client;
        try {
            settings = settings(p);
            client = client(p);
        } catch (IllegalArgumentException e) {
            System.err.println("ccr-operator: " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        DurableFiles.ownerOnlyDirectory(settings.stateDir());
        PrintStream log = new PrintStream(
                Files.newOutputStream(
                        ownerOnlyLog(settings.stateDir().resolve("operator.log")), StandardOpenOption.APPEND),
                true,
                StandardCharsets.UTF_8);
        Operator op = Operator.start(client, settings, log);
        JobOutputs outputs = OutputReaders.serve(p, client, settings);
        System.out.println("ccr-operator: running for " + settings.ccrProviderId() + "; log "
                + settings.stateDir().resolve("operator.log")
                + (outputs == null ? "" : "; job progress and outputs at " + outputs.url()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (outputs != null) {
                outputs.close();
            }
            op.close();
            client.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /**
     * The log, owner-only (rw-------) whether new or left by an earlier start: it names jobs,
     * contracts and clean-room failures, which are the CCR provider's business alone.
     */
    static Path ownerOnlyLog(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static OperatorSettings settings(Properties p) {
        return new OperatorSettings(
                required(p, "ccrProviderId"),
                Path.of(required(p, "stateDir")),
                integer(p, "maxCleanRooms", "2"),
                integer(p, "maxAttempts", "3"),
                List.of(required(p, "cleanRoomCommand").trim().split("\\s+")),
                Duration.ofMillis(integer(p, "restartDelayMillis", "2000")),
                dataTrust(p));
    }

    /** The optional {@code dataTrust}: a PEM file of the TDP data endpoints' certificates or CAs. */
    private static String dataTrust(Properties p) {
        String file = p.getProperty("dataTrust");
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            return Files.readString(Path.of(file.trim()));
        } catch (IOException e) {
            throw new IllegalArgumentException("dataTrust: cannot read " + file.trim() + ": " + e.getMessage(), e);
        }
    }

    /** The CCR provider's own client: its organisation's peer on Fabric, or an embedded ledger's directory. */
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
                        .open();
                return l.connectOwning(new LedgerIdentity(
                        required(p, "mspId"),
                        Files.readString(Path.of(required(p, "clientCertificate")), StandardCharsets.UTF_8)));
            }
            default -> throw new IllegalArgumentException(
                    "ledger: must be one of " + Arrays.asList("fabric", "embedded") + ", was '" + ledger + "'");
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + ": required");
        }
        return v.trim();
    }

    private static int integer(Properties p, String key, String dflt) {
        String v = p.getProperty(key, dflt).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a whole number, was '" + v + "'", e);
        }
    }
}
