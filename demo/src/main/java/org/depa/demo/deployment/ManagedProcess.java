package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One process a deployment started: its component name, PID and start time, kept in
 * {@code run/<name>.pid} (owner-only). The deployment signals a process only when a process with
 * that PID is alive AND started at the recorded instant, so a stale record whose PID the kernel has
 * since given to another program never makes {@code down} stop someone else's process.
 */
record ManagedProcess(String name, long pid, Instant started, String url, Path log) {

    /**
     * Starts {@code command} in a session of its own (setsid: a Ctrl-C on the terminal that ran
     * {@code depa deployment up} does not reach it), output appended to {@code log} (owner-only),
     * {@code environment} added to its environment (where secrets go: never the command line).
     */
    static ManagedProcess start(
            DeploymentLayout layout,
            String name,
            String url,
            List<String> command,
            Map<String, String> environment,
            Path workingDir)
            throws DeploymentException {
        Path log = layout.log(name);
        try {
            DeploymentLayout.ownerOnly(layout.logs());
            DeploymentLayout.ownerOnly(layout.run());
            if (!Files.exists(log)) {
                DeploymentLayout.writeSecret(log, "");
            }
            Files.writeString(
                    log,
                    "\n===== " + Instant.now() + ": depa deployment starts " + name + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            List<String> full = new ArrayList<>();
            full.add("setsid");
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(environment);
            pb.environment().put("DEPA_DEPLOYMENT_COMPONENT", name);
            Process p = pb.start();
            Instant started = p.toHandle()
                    .info()
                    .startInstant()
                    .orElseThrow(() -> new IOException("no start time for pid " + p.pid()));
            ManagedProcess m = new ManagedProcess(name, p.pid(), started, url, log);
            m.save(layout);
            return m;
        } catch (IOException e) {
            throw new DeploymentException(name, "cannot start: " + e.getMessage(), e);
        }
    }

    /** The record of {@code name}, if one was written. */
    static Optional<ManagedProcess> load(DeploymentLayout layout, String name) throws IOException {
        Path f = layout.run().resolve(name + ".pid");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
        }
        try {
            return Optional.of(new ManagedProcess(
                    name,
                    Long.parseLong(p.getProperty("pid", "")),
                    Instant.parse(p.getProperty("started", "")),
                    p.getProperty("url", ""),
                    Path.of(p.getProperty("log", layout.log(name).toString()))));
        } catch (RuntimeException e) {
            throw new IOException(f + " is not a PID record (" + e.getMessage() + ")", e);
        }
    }

    private void save(DeploymentLayout layout) throws IOException {
        String text = "pid=" + pid + "\nstarted=" + started + "\nurl=" + url + "\nlog=" + log + "\n";
        DeploymentLayout.writeSecret(layout.run().resolve(name + ".pid"), text);
    }

    /** The live process this record names: same PID and the same start time. */
    Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(started::equals).orElse(false));
    }

    boolean alive() {
        return handle().isPresent();
    }

    /**
     * Stops the process if it is still the one started (SIGTERM, then SIGKILL after
     * {@code grace}), then removes the record; true if it was running.
     */
    boolean stop(DeploymentLayout layout, Duration grace) throws IOException {
        Optional<ProcessHandle> h = handle();
        boolean wasRunning = h.isPresent();
        if (wasRunning) {
            ProcessHandle process = h.get();
            process.destroy();
            Instant deadline = Instant.now().plus(grace);
            while (process.isAlive() && Instant.now().isBefore(deadline)) {
                sleep(100);
            }
            if (process.isAlive()) {
                process.destroyForcibly();
                Instant hard = Instant.now().plusSeconds(10);
                while (process.isAlive() && Instant.now().isBefore(hard)) {
                    sleep(100);
                }
            }
        }
        Files.deleteIfExists(layout.run().resolve(name + ".pid"));
        return wasRunning;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
