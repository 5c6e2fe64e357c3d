package org.depa.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.depa.demo.CovidDemo;
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
            description = "Where the demo keeps its ledger and files (default: var/covid-demo in the repository)."
                    + " Wiped at start unless --keep; only a directory an earlier demo made, or an empty one.")
    Path dir;

    @Option(names = "--keep", description = "Do not wipe --dir first.")
    boolean keep;

    @Option(names = "--ledger", description = "embedded (default) or fabric (the network of network-config/network.sh)")
    CovidDemo.Ledger ledger = CovidDemo.Ledger.EMBEDDED;

    @Option(
            names = "--via",
            description = "ledger (default: each party's ledger client in this process) or gateway (a gateway process;"
                    + " each party calls its REST API with its own certificate)")
    CovidDemo.Via via; // null: not given; --dashboard alone implies the gateway, anything else the ledger

    @Option(
            names = "--deployment",
            description = "Run over the running deployment (depa deployment up): each party a client of its own"
                    + " organisation's gateway over mutual TLS, the TDPs' keys in their own bridges")
    boolean deployment;

    @Option(
            names = "--gateway-jar",
            description = "quarkus-run.jar of gateway-api (default: gateway-api/target/quarkus-app)")
    Path gatewayJar;

    @Option(
            names = "--dashboard",
            description = "At the end, leave the gateway up and print its dashboard's URL and a login link for the TDC"
                    + " (through a gateway process, implying --via gateway; with --deployment, each organisation's"
                    + " dashboard URL)")
    boolean dashboard;

    @Override
    public Integer call() throws Exception {
        if (dashboard && !deployment && via == CovidDemo.Via.LEDGER) {
            System.err.println("--dashboard needs a gateway: leave out --via ledger (or use --deployment)");
            return 2;
        }
        if (!"covid".equals(scenario)) {
            System.err.println("unknown scenario '" + scenario + "'; the only one is: covid");
            return 2;
        }
        if (deployment && (via != null || ledger != CovidDemo.Ledger.EMBEDDED)) {
            System.err.println("--deployment runs on the deployment's Fabric network and gateways: leave out --via and"
                    + " --ledger");
            return 2;
        }
        if (via == null) {
            via = dashboard ? CovidDemo.Via.GATEWAY : CovidDemo.Via.LEDGER;
        }
        if (deployment) {
            via = CovidDemo.Via.DEPLOYMENT;
            ledger = CovidDemo.Ledger.FABRIC;
        }
        // The Fabric ledger keeps earlier runs, so ids get a per-run tag there.
        String tag = ledger == CovidDemo.Ledger.FABRIC
                ? Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36)
                : "";
        return CovidDemo.run(
                new CovidDemo.Options(
                        data != null ? data : CovidDemo.defaultDataDir(),
                        dir != null ? dir : CovidDemo.defaultDir(),
                        !keep,
                        ledger,
                        via,
                        gatewayJar,
                        tag),
                System.out,
                dashboard ? DemoDashboard::show : c -> {});
    }
}
