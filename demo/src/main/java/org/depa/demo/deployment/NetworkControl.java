package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Fabric network under the deployment, through {@code network-config/network.sh} (which starts
 * orderers, peers and the chaincode and stops only what it started); its output goes to the
 * deployment's {@code logs/network.log}, never to the terminal.
 */
final class NetworkControl {
    private final DeploymentLayout layout;

    NetworkControl(DeploymentLayout layout) {
        this.layout = layout;
    }

    /** Whether any peer network.sh started is running now (its PID file names a live process). */
    boolean running() {
        Path run = layout.network().resolve("run");
        if (!Files.isDirectory(run)) {
            return false;
        }
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().startsWith("peer-"))
                    .anyMatch(NetworkControl::livePid);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean livePid(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** {@code network.sh up} then {@code deploy}: both idempotent. */
    void upAndDeploy() throws DeploymentException {
        run("up");
        run("deploy");
    }

    void down() throws DeploymentException {
        run("down");
    }

    private void run(String command) throws DeploymentException {
        Path log = layout.log("network");
        try {
            DeploymentLayout.ownerOnly(layout.logs());
            if (!Files.exists(log)) {
                DeploymentLayout.writeSecret(log, "");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(layout.home().resolve("network-config/network.sh").toString());
            cmd.add(command);
            Process p = new ProcessBuilder(cmd)
                    .directory(layout.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new DeploymentException(
                        "fabric-network", "network.sh " + command + " failed (exit " + rc + "); see " + log);
            }
        } catch (IOException e) {
            throw new DeploymentException(
                    "fabric-network", "cannot run network.sh " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("fabric-network", "interrupted during network.sh " + command, e);
        }
    }
}
