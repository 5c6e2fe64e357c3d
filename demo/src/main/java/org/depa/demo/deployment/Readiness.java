package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Health of each component: a gateway's and a bridge's readiness endpoint; the operator is ready
 * once it has printed that it runs (it follows the ledger from then on) and is alive.
 */
final class Readiness {
    static final String OPERATOR_RUNNING = "ccr-operator: running for";

    private final DeploymentLayout layout;

    Readiness(DeploymentLayout layout) {
        this.layout = layout;
    }

    String health(DeploymentState.Component c) {
        return switch (c.kind()) {
            case "gateway", "kms-bridge" -> HealthProbe.check(c.url(), layout.orgCa(c.mspId()));
            case "operator" -> operatorRunning(c.name()) ? "UP" : "STARTING";
            case DataEndpointComponents.KIND -> new DataEndpointComponents(layout, "").health(c);
            case PaymentComponents.CHAIN -> new PaymentComponents(layout, "").chainHealth();
            case PaymentComponents.RELAY -> new PaymentComponents(layout, "").relayHealth();
            default -> "UNKNOWN";
        };
    }

    private boolean operatorRunning(String name) {
        Path log = layout.log(name);
        try {
            List<String> lines = Files.readAllLines(log);
            // The log is appended to across starts: only the lines after the last start count.
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(OPERATOR_RUNNING)) {
                    return true;
                }
                if (lines.get(i).startsWith("===== ")) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until every component is UP; a component that exits or stays unready fails, named. */
    void await(DeploymentState state, List<ManagedProcess> started, Duration timeout, Consumer<String> progress)
            throws DeploymentException {
        Instant t0 = Instant.now();
        Instant deadline = t0.plus(timeout);
        Set<String> waiting = new LinkedHashSet<>();
        state.components().forEach(c -> waiting.add(c.name()));
        while (!waiting.isEmpty()) {
            for (DeploymentState.Component c : state.components()) {
                if (!waiting.contains(c.name())) {
                    continue;
                }
                ManagedProcess m = started.stream()
                        .filter(p -> p.name().equals(c.name()))
                        .findFirst()
                        .orElseThrow();
                if (!m.alive()) {
                    throw new DeploymentException(c.name(), "exited while starting; see " + m.log());
                }
                if (health(c).equals("UP")) {
                    waiting.remove(c.name());
                    progress.accept(String.format(
                            "%-18s up   %-26s pid %-7d (%d s)",
                            c.name(),
                            c.url().isEmpty() ? "-" : c.url(),
                            m.pid(),
                            Duration.between(t0, Instant.now()).toSeconds()));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                String first = waiting.iterator().next();
                throw new DeploymentException(
                        first,
                        "not ready after " + timeout.toSeconds() + " s (also waiting for " + waiting + "); see "
                                + layout.log(first));
            }
            ManagedProcess.sleep(500);
        }
    }
}
