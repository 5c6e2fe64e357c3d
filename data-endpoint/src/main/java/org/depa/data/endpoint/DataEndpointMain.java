package org.depa.data.endpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;

/**
 * A TDP's data endpoint as a process of its own: {@code java -cp ... org.depa.data.endpoint.DataEndpointMain
 * endpoint.properties} (keys in the module README). It serves the store until SIGTERM, which closes
 * the server, the access log and the ledger client and exits 0. Its log is {@code
 * stateDir/endpoint.log}, its access log {@code stateDir/access.log}; the store and state
 * directories and both logs are owner-only.
 *
 * <p>Exit 2 with one line naming the setting for a bad or missing setting; exit 1 naming the cause
 * when it cannot start (the port in use, the ledger out of reach).
 */
public final class DataEndpointMain {
    private DataEndpointMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: DataEndpointMain <endpoint.properties>");
            System.exit(2);
        }
        EndpointSettings settings;
        try {
            settings = EndpointSettings.read(Path.of(args[0]));
            settings.privateKey();
        } catch (IllegalArgumentException e) {
            System.err.println("data-endpoint: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream log;
        LedgerClient client;
        DataEndpoint endpoint;
        try {
            OwnerOnly.directory(settings.storeDir());
            OwnerOnly.directory(settings.stateDir());
            log = new PrintStream(
                    Files.newOutputStream(
                            OwnerOnly.file(settings.stateDir().resolve("endpoint.log")), StandardOpenOption.APPEND),
                    true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("data-endpoint: cannot create its directories or log: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            client = EndpointLedger.open(settings.ledger());
        } catch (IllegalArgumentException e) {
            System.err.println("data-endpoint: " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            say(log, "cannot reach its ledger: " + e.getMessage());
            System.err.println("data-endpoint: cannot reach its ledger: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            endpoint = DataEndpoint.start(
                    DataStore.at(settings.storeDir()),
                    Tls.context(settings.clientCaCertificates(), settings.privateKey(), settings.chain()),
                    SampleGate.ledger(new TypedLedger(client), settings.gateways()),
                    OwnerOnly.file(settings.stateDir().resolve("access.log")),
                    settings.port());
        } catch (BindException e) {
            client.close();
            String why = "port " + settings.port() + " is already in use on 127.0.0.1";
            say(log, "cannot start: " + why);
            System.err.println("data-endpoint: " + why);
            System.exit(1);
            return;
        } catch (IOException | RuntimeException e) {
            client.close();
            say(log, "cannot start: " + e.getMessage());
            System.err.println("data-endpoint: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        String line = "serving " + settings.storeDir() + " for " + settings.tdpId() + " at " + endpoint.uri()
                + " (certificate sha256 " + settings.certificateSha256() + "); access log "
                + settings.stateDir().resolve("access.log");
        say(log, line);
        System.out.println("data-endpoint: " + line);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            endpoint.close();
            client.close();
            say(log, "stopped");
            log.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void say(PrintStream log, String line) {
        log.println(Instant.now() + " " + line);
    }
}
