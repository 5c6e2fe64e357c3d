package org.depa.demo.remote;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;

/**
 * A gateway in a JVM of its own, started from gateway-api's quarkus-run.jar. A separate process
 * because Quarkus owns its JVM (class loading, config, one application per JVM); this is also how
 * an organisation runs it.
 */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    final URI base;

    private GatewayProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** The runnable jar: $DEPA_GATEWAY_JAR or gateway-api/target/quarkus-app/quarkus-run.jar under the repository. */
    static Path defaultJar() {
        String env = System.getenv("DEPA_GATEWAY_JAR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path root =
                Path.of(System.getProperty("depa.home", ".")).toAbsolutePath().normalize();
        return root.resolve("gateway-api/target/quarkus-app/quarkus-run.jar");
    }

    static GatewayProcess start(Path jar, Map<String, String> config, Path log, Path ca) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(
                    "no gateway jar at " + jar + "; build it with: mvn -q -pl gateway-api -am package -DskipTests");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
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
        GatewayProcess g = new GatewayProcess(p, URI.create("https://127.0.0.1:" + port));
        g.awaitReady(ca, log);
        return g;
    }

    private void awaitReady(Path ca, Path log) throws IOException {
        GatewayClient anonymous = GatewayClient.connect(base, null, ca);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                anonymous.get("/q/health/ready");
                return;
            } catch (GatewayUnreachableException | GatewayException e) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the gateway", ie);
                }
            }
        }
        close();
        throw new IOException("the gateway did not become ready in 90 s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
