package org.depa.dashboard;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.depa.demo.remote.ScenarioConnections;
import org.depa.ledger.model.crypto.Pem;

/**
 * A gateway process (gateway-api's packaged quarkus-run.jar, as an organisation runs it) on the
 * ledger the scenario wrote, with the scenario's server certificate and CA, acting for the three
 * organisations as the demo's gateway did. Started once for all the browser tests.
 */
final class DashboardGateway implements AutoCloseable {
    private final Process process;
    final URI base;
    final Path log;

    private DashboardGateway(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** A free loopback port for the gateway, chosen first so that services it calls can be told its address. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * @param port from {@link #freePort}
     * @param more further configuration (the CCR provider's job-output service)
     */
    static DashboardGateway start(Path jar, Scenario scenario, Path log, int port, Map<String, String> more)
            throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("depa.gateway.organisations", "SROMSP,ProviderMSP,ConsumerMSP");
        config.put("depa.gateway.channel", "depa");
        config.put("depa.gateway.chaincode", "depa");
        String operator = ScenarioConnections.identity(scenario.keyStore(Scenario.SRO_OPERATOR))
                .certificatePem();
        config.put(
                "depa.gateway.sro-operators",
                Pem.certificate(Scenario.SRO_OPERATOR, operator).sha256());
        config.put("depa.gateway.ledger.directory", scenario.ledger().toString());
        config.put("depa.gateway.ledger.development-roots", "any");
        config.put(
                "quarkus.tls.key-store.pem.0.cert", scenario.serverCertificate().toString());
        config.put("quarkus.tls.key-store.pem.0.key", scenario.serverKey().toString());
        config.put("quarkus.tls.trust-store.pem.certs", scenario.caFile().toString());
        config.putAll(more);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.ssl-port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        DashboardGateway g = new DashboardGateway(p, URI.create("https://127.0.0.1:" + port), log);
        g.awaitReady(scenario.caFile());
        return g;
    }

    /** Waits for {@code /q/health/ready} over TLS, trusting the scenario's CA only. */
    private void awaitReady(Path ca) throws IOException {
        SSLContext tls = Tls.trusting(ca);
        HttpClient http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest ready =
                HttpRequest.newBuilder(base.resolve("/q/health/ready")).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the gateway", e);
            }
            sleep();
        }
        close();
        throw new IOException("the gateway did not become ready in 120 s; see " + log);
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the gateway", e);
        }
    }

    static boolean isJar(Path jar) {
        return Files.isRegularFile(jar);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
