package org.depa.dashboard;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every browser test shares: the COVID scenario, run once per test JVM (about a minute: it
 * trains), and one gateway process on its ledger. Each test class opens its own {@link Browser}s,
 * each with a fresh profile. A failure to set up is kept and reported to every test that asks.
 */
final class Dashboard {
    private static Dashboard shared;
    private static IOException failed;

    final Path home;
    final Path work;
    final Scenario scenario;
    final DashboardGateway gateway;
    /** The payment chain the gateway reads balances from. */
    ScenarioChain chain;

    /** Between the gateway and the chain: passes everything until a test holds it. */
    ChainGate gate;

    final String pinnedSpki;
    /** A job on a second contract, SUBMITTED at the start; only {@code LiveJobTest} moves it. */
    final LiveJob liveJob;

    private final AtomicInteger profiles = new AtomicInteger();

    private Dashboard(Path home, Path work, Scenario scenario, DashboardGateway gateway, LiveJob liveJob)
            throws IOException {
        this.liveJob = liveJob;
        this.home = home;
        this.work = work;
        this.scenario = scenario;
        this.gateway = gateway;
        this.pinnedSpki = Tls.spkiPin(scenario.serverCertificate());
    }

    /** The repository (surefire's {@code depa.home}). */
    static Path home() {
        return Path.of(System.getProperty("depa.home", "..")).toAbsolutePath().normalize();
    }

    static Path gatewayJar() {
        return home().resolve("gateway-api/target/quarkus-app/quarkus-run.jar");
    }

    static synchronized Dashboard get() throws IOException {
        if (failed != null) {
            throw new IOException("the dashboard's scenario could not be set up: " + failed.getMessage(), failed);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException | RuntimeException e) {
                failed = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                throw failed;
            }
            Dashboard d = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(d.gateway::close));
            Runtime.getRuntime().addShutdownHook(new Thread(d.liveJob.outputs()::close));
        }
        return shared;
    }

    private static Dashboard start() throws IOException {
        String browser = Browser.missing();
        if (browser != null) {
            throw new IOException(browser);
        }
        Path jar = gatewayJar();
        if (!DashboardGateway.isJar(jar)) {
            throw new IOException("no gateway jar at " + jar
                    + "; build it with: mvn -q -pl gateway-api -am package -DskipTests (scripts/test.sh does)");
        }
        Path work = home().resolve("dashboard-it/target/dashboard");
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        Scenario scenario = Scenario.run(home(), work.resolve("scenario"), jar);
        int port = DashboardGateway.freePort();
        URI base = URI.create("https://127.0.0.1:" + port);
        // The CCR provider's job-output service over the demo operator's workspaces (the scenario's job's
        // real progress.json; the live job's, which LiveJob writes), as the operator serves it to the TDC's gateway.
        OperatorOutputs outputs = OperatorOutputs.start(scenario, base, work);
        // The payment chain the payments pages read balances from (issue 17).
        ScenarioChain chain = ScenarioChain.start(home(), work.resolve("anvil"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                chain.close();
            } catch (IOException e) {
                // the node's directory says where it was; scripts/anvil.sh stop --dir ends it
            }
        }));
        // The gateway reaches the chain through a gate the audit page's test can hold.
        ChainGate gate = ChainGate.start(chain.gatewayConfig().get("depa.gateway.payment-chain.rpc-url"));
        DashboardGateway gateway;
        LiveJob live;
        try {
            java.util.Map<String, String> config = new java.util.HashMap<>(outputs.gatewayConfig());
            config.putAll(chain.gatewayConfig());
            config.put("depa.gateway.payment-chain.rpc-url", gate.url());
            gateway = DashboardGateway.start(jar, scenario, work.resolve("gateway.log"), port, config);
            chain.fund(scenario.connect(gateway.base, Scenario.TDC, "ConsumerMSP")
                    .evaluate(org.depa.ledger.model.catalogue.Contracts.GET, Scenario.CONTRACT));
        } catch (IOException | RuntimeException e) {
            outputs.close();
            throw e;
        }
        try {
            live = LiveJob.submit(scenario, gateway.base, outputs);
        } catch (IOException | RuntimeException e) {
            gateway.close();
            outputs.close();
            throw e;
        }
        Files.writeString(
                work.resolve("setup.txt"),
                "scenario and gateway ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms at " + gateway.base
                        + "\n");
        Dashboard d = new Dashboard(home(), work, scenario, gateway, live);
        d.chain = chain;
        d.gate = gate;
        return d;
    }

    /** A browser with a fresh profile of its own, trusting the gateway's certificate alone. */
    Browser browser(String name) throws IOException {
        int n = profiles.incrementAndGet();
        Path dir = work.resolve("browsers").resolve(n + "-" + name);
        return Browser.open(pinnedSpki, dir.resolve("profile"), dir.resolve("chromedriver.log"));
    }
}
