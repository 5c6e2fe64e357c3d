package org.depa.fabric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.fabric.LocalNetwork;

/**
 * Operates the running network as its operators would: network.sh for start-up, status and the
 * Raft leader, SIGKILL for a crash. Only ever signals a process whose PID file is this network's
 * and whose executable is Fabric's orderer.
 */
final class NetworkControl {
    private final LocalNetwork network;
    private final Path logDir;

    NetworkControl(LocalNetwork network, Path logDir) {
        this.network = network;
        this.logDir = logDir;
    }

    LocalNetwork network() {
        return network;
    }

    /** Runs network.sh with {@code args}; its output goes to a log file; returns stdout. */
    String script(Duration timeout, String... args) {
        try {
            Files.createDirectories(logDir);
            String name = String.join("-", args) + "-" + System.nanoTime();
            Path out = logDir.resolve("network-" + name + ".out");
            Path err = logDir.resolve("network-" + name + ".log");
            ProcessBuilder pb = new ProcessBuilder(concat(network.script().toString(), args))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroy();
                throw new IllegalStateException(
                        "network.sh " + String.join(" ", args) + " did not finish in " + timeout + "; see " + err);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "network.sh " + String.join(" ", args) + " exited " + p.exitValue() + ": " + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + network.script(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code network.sh up}: starts whatever is not running and waits for a Raft leader. */
    void up() {
        script(Duration.ofMinutes(4), "up");
    }

    /** The organisation whose orderer is the Raft leader now, waiting out an election. */
    String leader(Duration within) {
        Instant deadline = Instant.now().plus(within);
        IllegalStateException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return script(Duration.ofSeconds(30), "leader").trim().split("\\s+")[0];
            } catch (IllegalStateException e) {
                last = e;
                sleep(250);
            }
        }
        throw new IllegalStateException("no Raft leader within " + within, last);
    }

    LocalNetwork.Orderer orderer(String organisation) {
        return network.orderers().stream()
                .filter(o -> o.organisation().equals(organisation))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no orderer of " + organisation));
    }

    /** SIGKILL to the orderer of {@code organisation}; returns once the process is gone. */
    void kill(LocalNetwork.Orderer orderer) {
        ProcessHandle process = process(orderer);
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("could not signal " + orderer.name());
        }
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }

    boolean running(LocalNetwork.Orderer orderer) {
        try {
            return process(orderer).isAlive();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static ProcessHandle process(LocalNetwork.Orderer orderer) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(orderer.pidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no PID file for " + orderer.name() + " at " + orderer.pidFile(), e);
        }
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(orderer.name() + " (pid " + pid + ") is not running"));
        String command = process.info().command().orElse("");
        if (!command.endsWith("/orderer")) {
            throw new IllegalStateException(
                    "pid " + pid + " of " + orderer.pidFile() + " is not an orderer: " + command);
        }
        return process;
    }

    /** The channel height each orderer and peer reports (network.sh status), by node name. */
    java.util.Map<String, Long> heights() {
        java.util.Map<String, Long> heights = new java.util.TreeMap<>();
        java.util.regex.Pattern orderer =
                java.util.regex.Pattern.compile("^(orderer-\\S+)\\s+channel: .*\"height\":(\\d+)");
        java.util.regex.Pattern peer = java.util.regex.Pattern.compile("^(peer-\\S+)\\s+height: (\\d+)");
        for (String line : script(Duration.ofMinutes(1), "status").split("\n")) {
            for (java.util.regex.Pattern p : List.of(orderer, peer)) {
                java.util.regex.Matcher m = p.matcher(line);
                if (m.find()) {
                    heights.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }
        }
        return heights;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
