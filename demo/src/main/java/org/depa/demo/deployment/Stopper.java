package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Stops a deployment's processes, only those whose PID record still names them (same PID, same
 * start time), and the processes they started (the operator's clean rooms), so that {@code down}
 * leaves nothing of the deployment running.
 */
final class Stopper {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final DeploymentLayout layout;

    Stopper(DeploymentLayout layout) {
        this.layout = layout;
    }

    /** Stops the operator first (and the clean rooms it launched), then the bridges, then the gateways. */
    List<String> stopComponents(List<DeploymentState.Component> components, Consumer<String> progress)
            throws DeploymentException {
        List<String> stopped = new ArrayList<>();
        for (int i = components.size() - 1; i >= 0; i--) {
            String name = components.get(i).name();
            Optional<ManagedProcess> m = record(name);
            if (m.isEmpty()) {
                continue;
            }
            List<ProcessHandle> children =
                    m.get().handle().map(h -> h.descendants().toList()).orElse(List.of());
            try {
                if (m.get().stop(layout, STOP_GRACE)) {
                    stopped.add(name);
                    progress.accept("stopped " + name + " (pid " + m.get().pid() + ")");
                }
            } catch (IOException e) {
                throw new DeploymentException(name, "cannot stop: " + e.getMessage(), e);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    progress.accept("stopped " + name + "'s child process " + child.pid());
                }
            }
        }
        return stopped;
    }

    List<String> stopLeftoverRecords(Consumer<String> progress) throws DeploymentException {
        if (!Files.isDirectory(layout.run())) {
            return List.of();
        }
        List<DeploymentState.Component> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(layout.run())) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".pid")) {
                    left.add(new DeploymentState.Component(n.substring(0, n.length() - 4), "", "", ""));
                }
            }
        } catch (IOException e) {
            throw new DeploymentException("deployment", "cannot list " + layout.run() + ": " + e.getMessage(), e);
        }
        return stopComponents(left, progress);
    }

    void stopQuietly(ManagedProcess m) {
        try {
            List<ProcessHandle> children =
                    m.handle().map(h -> h.descendants().toList()).orElse(List.of());
            m.stop(layout, STOP_GRACE);
            children.forEach(ProcessHandle::destroyForcibly);
        } catch (IOException ignored) {
            // best effort while reporting the failure that made up stop
        }
    }

    private Optional<ManagedProcess> record(String name) throws DeploymentException {
        try {
            return ManagedProcess.load(layout, name);
        } catch (IOException e) {
            throw new DeploymentException(name, e.getMessage(), e);
        }
    }
}
