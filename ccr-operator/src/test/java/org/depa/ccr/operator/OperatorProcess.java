package org.depa.ccr.operator;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.depa.ledger.client.LedgerIdentity;

/**
 * Test only: {@link OperatorMain} as its own OS process whose ledger client is a
 * {@link LedgerHost} in the test's JVM ({@code ledgerHost}, {@code ledgerHostTokenFile},
 * {@code mspId}, {@code clientCertificate}); every other property, the state directory, the log
 * and the operator itself are OperatorMain's. It runs until it is killed.
 */
final class OperatorProcess {
    private OperatorProcess() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            p.load(in);
        }
        OperatorSettings settings = OperatorMain.settings(p);
        HostedLedgerClient client = new HostedLedgerClient(
                URI.create(p.getProperty("ledgerHost")),
                Files.readString(Path.of(p.getProperty("ledgerHostTokenFile"))).trim(),
                new LedgerIdentity(
                        p.getProperty("mspId"),
                        Files.readString(Path.of(p.getProperty("clientCertificate")), StandardCharsets.UTF_8)));
        DurableFiles.ownerOnlyDirectory(settings.stateDir());
        PrintStream log = new PrintStream(
                Files.newOutputStream(
                        OperatorMain.ownerOnlyLog(settings.stateDir().resolve("operator.log")),
                        StandardOpenOption.APPEND),
                true,
                StandardCharsets.UTF_8);
        Operator.start(client, settings, log);
        System.out.println("operator process " + ProcessHandle.current().pid() + ": running");
        Thread.currentThread().join();
    }
}
