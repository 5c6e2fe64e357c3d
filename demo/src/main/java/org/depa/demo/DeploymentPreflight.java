package org.depa.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentException;
import org.depa.demo.deployment.DeploymentState;

/**
 * Before {@code depa demo covid --deployment} writes anything: a deployment is up, every gateway,
 * bridge and the operator answers its health check (one that does not is named, exit 3), and the
 * scenario has not run on this deployment yet (its participants would already be registered).
 */
final class DeploymentPreflight {
    /** Why the scenario does not start, and its exit status. */
    static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        NotReady(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private DeploymentPreflight() {}

    static Optional<DeploymentState> check(Deployment deployment) throws NotReady {
        try {
            Optional<DeploymentState> state = DeploymentState.read(deployment.layout());
            if (state.isEmpty()) {
                throw new NotReady(2, "no deployment is up: start one with depa deployment up");
            }
            List<Deployment.ComponentStatus> down =
                    deployment.status().stream().filter(c -> !c.up()).toList();
            if (!down.isEmpty()) {
                StringBuilder b = new StringBuilder();
                for (Deployment.ComponentStatus c : down) {
                    b.append(b.length() == 0 ? "" : "; ")
                            .append(c.name())
                            .append(c.url().startsWith("http") ? " at " + c.url() : "")
                            .append(" is ")
                            .append(c.health())
                            .append(" (log ")
                            .append(c.log())
                            .append(')');
                }
                throw new NotReady(
                        CovidDemo.UNREACHABLE,
                        b + ". Nothing was written; depa deployment status shows each component, depa deployment up"
                                + " starts the deployment again");
            }
            Path marker = marker(deployment, state.get());
            if (Files.exists(marker)) {
                throw new NotReady(
                        2,
                        "the scenario already ran on deployment " + state.get().tag()
                                + " (its participants are registered); bring up a new one: depa deployment down &&"
                                + " depa deployment up");
            }
            return state;
        } catch (IOException | DeploymentException e) {
            throw new NotReady(2, "cannot read the deployment: " + e.getMessage());
        }
    }

    /** Notes that the scenario starts writing on this deployment, so a second run is refused before it writes. */
    static void markStarted(Deployment deployment, DeploymentState state) throws IOException {
        Files.writeString(marker(deployment, state), "depa demo covid --deployment started\n");
    }

    private static Path marker(Deployment deployment, DeploymentState state) {
        return deployment.layout().root().resolve("scenario-" + state.tag());
    }
}
