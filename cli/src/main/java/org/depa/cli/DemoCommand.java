package org.depa.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depa demo covid}: the COVID scenario of the founding document, end to end on the ledger. */
@Command(name = "demo", description = "Run a scenario end to end and print the ledger's state and history.")
final class DemoCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Scenario: covid", defaultValue = "covid")
    String scenario;

    @Option(
            names = "--data",
            description = "Folder with the three COVID CSV files (default: data/covid-poc in the repository).")
    Path data;

    @Option(
            names = "--dir",
            description =
                    "Where the demo keeps its ledger and files (default: var/covid-demo). Wiped at start unless --keep.")
    Path dir = Path.of("var", "covid-demo");

    @Option(names = "--keep", description = "Do not wipe --dir first.")
    boolean keep;

    @Option(names = "--ledger", description = "embedded (default) or fabric (the network of network-config/network.sh)")
    org.depa.demo.CovidScenario.Ledger ledger = org.depa.demo.CovidScenario.Ledger.EMBEDDED;

    @Option(
            names = "--via",
            description = "ledger (default: the ledger client) or gateway (a gateway process and the REST API)")
    String via = "ledger";

    @Option(
            names = "--gateway-jar",
            description = "quarkus-run.jar of gateway-api (default: gateway-api/target/quarkus-app)")
    Path gatewayJar;

    @Override
    public Integer call() throws Exception {
        if (!"covid".equals(scenario)) {
            System.err.println("unknown scenario '" + scenario + "'; the only one is: covid");
            return 2;
        }
        Path dataDir = data != null ? data : org.depa.demo.CovidScenario.defaultDataDir();
        if ("gateway".equals(via)) {
            if (ledger != org.depa.demo.CovidScenario.Ledger.EMBEDDED) {
                System.err.println("--via gateway runs on the embedded ledger only");
                return 2;
            }
            if (!keep) {
                wipe(dir);
            }
            return new org.depa.demo.remote.GatewayCovidDemo(dataDir, dir, gatewayJar, System.out).run();
        }
        if (!"ledger".equals(via)) {
            System.err.println("--via is ledger or gateway");
            return 2;
        }
        // The Fabric ledger keeps earlier runs, so ids get a per-run tag there.
        String tag = ledger == org.depa.demo.CovidScenario.Ledger.FABRIC
                ? Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36)
                : "";
        return new org.depa.demo.CovidScenario(dataDir, dir, !keep, System.out, ledger, tag).run();
    }

    private static void wipe(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
