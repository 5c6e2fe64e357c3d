package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The two Quarkus applications a deployment runs, built when missing or older than the sources
 * they are made of (a stale bridge would run yesterday's code against today's ledger). The build's
 * output goes to {@code logs/build.log}.
 */
final class JarBuild {
    private static final List<String> SOURCES = List.of(
            "pom.xml",
            "ledger-model",
            "chaincode",
            "attestation",
            "ledger-client",
            "kms-protocol",
            "kms-bridge-core",
            "kms-bridge",
            "gateway-api");

    private final DeploymentLayout layout;

    JarBuild(DeploymentLayout layout) {
        this.layout = layout;
    }

    void ensure(Consumer<String> progress) throws DeploymentException {
        if (fresh(layout.gatewayJar()) && fresh(layout.bridgeJar())) {
            return;
        }
        progress.accept("building the gateway and the kms-bridge (mvn package; log " + layout.log("build") + ")");
        Path log = layout.log("build");
        try {
            DeploymentLayout.ownerOnly(layout.logs());
            if (!Files.exists(log)) {
                DeploymentLayout.writeSecret(log, "");
            }
            Process p = new ProcessBuilder(
                            "mvn",
                            "-B",
                            "-q",
                            "-Dstyle.color=never",
                            "-DskipTests",
                            "-Dspotless.check.skip",
                            "-pl",
                            "gateway-api,kms-bridge",
                            "-am",
                            "package")
                    .directory(layout.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            int rc = p.waitFor();
            if (rc != 0 || !Files.isRegularFile(layout.gatewayJar()) || !Files.isRegularFile(layout.bridgeJar())) {
                throw new DeploymentException("build", "mvn package failed (exit " + rc + "); see " + log);
            }
        } catch (IOException e) {
            throw new DeploymentException("build", "cannot run mvn: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("build", "interrupted", e);
        }
    }

    private boolean fresh(Path jar) throws DeploymentException {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (String s : SOURCES) {
                Path p = layout.home().resolve(s);
                if (Files.isRegularFile(p)) {
                    if (Files.getLastModifiedTime(p).compareTo(built) > 0) {
                        return false;
                    }
                    continue;
                }
                try (Stream<Path> walk = Files.walk(p.resolve("src/main"))) {
                    if (walk.anyMatch(f -> newer(f, built))) {
                        return false;
                    }
                }
                if (Files.getLastModifiedTime(p.resolve("pom.xml")).compareTo(built) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new DeploymentException("build", "cannot check " + jar + ": " + e.getMessage(), e);
        }
    }

    private static boolean newer(Path f, FileTime than) {
        try {
            return Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(than) > 0;
        } catch (IOException e) {
            return true;
        }
    }
}
