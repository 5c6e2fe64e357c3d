package org.depa.payments.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;

/**
 * The local development node that {@code scripts/anvil.sh} runs in a directory: its RPC URL,
 * chain id and development accounts (anvil's well-known keys: for local chains only).
 */
public final class LocalNode implements AutoCloseable {
    /** How often a local node is asked for a receipt: a loopback call costs next to nothing. */
    public static final java.time.Duration POLL_INTERVAL = java.time.Duration.ofMillis(100);

    private final Path script;
    private final Path dir;
    private final String rpcUrl;
    private final long chainId;
    private final List<Credentials> accounts;

    private LocalNode(Path script, Path dir, String rpcUrl, long chainId, List<Credentials> accounts) {
        this.script = script;
        this.dir = dir;
        this.rpcUrl = rpcUrl;
        this.chainId = chainId;
        this.accounts = List.copyOf(accounts);
    }

    /** Starts (or finds running) the node of {@code dir} with the project's {@code scripts/anvil.sh}. */
    public static LocalNode start(Path projectRoot, Path dir) throws IOException {
        return start(projectRoot, dir, 0);
    }

    /** As {@link #start(Path, Path)}, mining a block every {@code blockTimeSeconds} (0: per transaction). */
    public static LocalNode start(Path projectRoot, Path dir, int blockTimeSeconds) throws IOException {
        return start(projectRoot, dir, java.time.Duration.ofSeconds(blockTimeSeconds));
    }

    /**
     * As {@link #start(Path, Path)}, mining a block every {@code blockTime} (to the millisecond;
     * zero: a block per transaction).
     */
    public static LocalNode start(Path projectRoot, Path dir, java.time.Duration blockTime) throws IOException {
        Path script = projectRoot.resolve("scripts/anvil.sh");
        if (blockTime.isNegative()) {
            throw new IllegalArgumentException("a block time cannot be negative: " + blockTime);
        }
        if (!blockTime.isZero()) {
            String seconds = java.math.BigDecimal.valueOf(blockTime.toMillis(), 3)
                    .stripTrailingZeros()
                    .toPlainString();
            run(script, dir, "start", "--block-time", seconds);
        } else {
            run(script, dir, "start");
        }
        return open(script, dir);
    }

    /**
     * The node another process runs in {@code dir} ({@code scripts/anvil.sh run} under a
     * supervisor, e.g. a deployment's payment chain): {@link #close()} leaves it running.
     */
    public static LocalNode attach(Path dir) throws IOException {
        return open(null, dir);
    }

    private static LocalNode open(Path script, Path dir) throws IOException {
        String url =
                Files.readString(dir.resolve("rpc-url"), StandardCharsets.UTF_8).strip();
        long chainId = Long.parseLong(Files.readString(dir.resolve("chain-id"), StandardCharsets.UTF_8)
                .strip());
        JsonNode keys = new ObjectMapper()
                .readTree(dir.resolve("accounts.json").toFile())
                .get("private_keys");
        List<Credentials> accounts = new ArrayList<>();
        keys.forEach(k -> accounts.add(Credentials.create(k.asText())));
        return new LocalNode(script, dir, url, chainId, accounts);
    }

    private static void run(Path script, Path dir, String command, String... options) throws IOException {
        Path log = Files.createDirectories(dir).resolve("anvil-script.log");
        List<String> cmd = new ArrayList<>(List.of(script.toString(), command, "--dir", dir.toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("scripts/anvil.sh " + command + " failed: "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running scripts/anvil.sh " + command, e);
        }
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    public long chainId() {
        return chainId;
    }

    /** Development account {@code i} (0 to 9), funded with ether by the node. */
    public Credentials account(int i) {
        return accounts.get(i);
    }

    /** Connects to the node, asking for receipts every {@link #POLL_INTERVAL} (it is on this machine). */
    public Chain connect() {
        return Chain.connect(rpcUrl, chainId, POLL_INTERVAL);
    }

    @Override
    public void close() throws IOException {
        if (script != null) {
            run(script, dir, "stop");
        }
    }
}
