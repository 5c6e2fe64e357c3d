package org.depa.kms.custody;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.PseudonymKey;

/**
 * What a TDP has after {@code depa dataset keygen} and {@code encrypt} (a typed key file and a ciphertext made for
 * one dataset id), and a run of the import tool with its output captured. Public for the release test in the bridge
 * package.
 */
public final class ImportFixture {
    public final Path dir;
    public final Path keyFile;
    public final Path ciphertext;
    public final Path plaintext;
    public final String datasetId;
    private final byte[] key;

    public ImportFixture(Path dir, String name, String datasetId) throws IOException {
        this.dir = dir;
        this.datasetId = datasetId;
        DatasetKey k = DatasetKey.generate();
        this.key = k.bytes();
        this.keyFile = dir.resolve(name + ".key");
        k.writeNew(keyFile);
        this.plaintext = dir.resolve(name + ".csv");
        Files.writeString(plaintext, "pseudonym,age,result\n5a1f,34,positive\n77c0,61,negative\n");
        this.ciphertext = dir.resolve(name + ".enc");
        DatasetCipher.create(k).encryptFile(plaintext, ciphertext, datasetId);
    }

    /** The key's bytes, as the test's oracle. */
    public byte[] key() {
        return key.clone();
    }

    /** A pseudonym key file, the kind the import must refuse. */
    public Path pseudonymKeyFile() throws IOException {
        Path p = dir.resolve("join-" + System.nanoTime() + ".key");
        PseudonymKey.generate().writeNew(p);
        return p;
    }

    /** Every form the key could be printed in: base64 (the key file's), hex, and the raw bytes as Latin-1. */
    public String[] keyForms() {
        return new String[] {
            Base64.getEncoder().encodeToString(key),
            Base64.getUrlEncoder().withoutPadding().encodeToString(key),
            HexFormat.of().formatHex(key),
            new String(key, StandardCharsets.ISO_8859_1)
        };
    }

    /** One run of the tool. */
    public record Run(int status, String out, String err, String logs) {}

    /** Runs the tool with {@code env} and captures stdout, stderr and every log record written meanwhile. */
    public static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringBuilder logs = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logs) {
                    logs.append(r.getLevel())
                            .append(' ')
                            .append(r.getMessage())
                            .append(' ')
                            .append(Arrays.toString(r.getParameters()))
                            .append(' ')
                            .append(r.getThrown())
                            .append('\n');
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        java.util.logging.Level was = root.getLevel();
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        try {
            int status = KeyImportTool.run(
                    args,
                    env,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(
                    status,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8),
                    logs.toString());
        } finally {
            root.removeHandler(capture);
            root.setLevel(was);
        }
    }

    /**
     * Runs the tool as an operator does, in a JVM of its own ({@code main}, its exit status), with this JVM's class
     * path and environment plus {@code env}. Needed where state of this JVM would hide the behaviour: a PKCS#11
     * library stays logged in to the token for the life of the process, so a wrong PIN shows only in a fresh one.
     */
    public static Run runProcess(Map<String, String> env, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KeyImportTool.class.getName()));
        command.addAll(java.util.List.of(args));
        Path out = Files.createTempFile("import-key", ".out");
        Path err = Files.createTempFile("import-key", ".err");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("import-key did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err), "");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The SoftHSM2 token of scripts/softhsm.sh: its SunPKCS11 configuration, or the test is skipped saying why. */
    public static Path softHsmConfig(String name) throws IOException {
        Path dir = softHsmDir();
        Path config = dir.resolve(name);
        assumeTrue(
                Files.isRegularFile(config) && System.getenv("SOFTHSM2_CONF") != null,
                "SoftHSM2 token not initialised (" + config.toAbsolutePath()
                        + " missing or SOFTHSM2_CONF unset): run scripts/softhsm.sh; PKCS#11 tests skipped");
        String lib = Files.readAllLines(config).stream()
                .filter(l -> l.startsWith("library"))
                .map(l -> l.substring(l.indexOf('=') + 1).strip())
                .findFirst()
                .orElse("");
        assumeTrue(Files.isRegularFile(Path.of(lib)), "SoftHSM2 library " + lib + " missing; PKCS#11 tests skipped");
        return config;
    }

    /** The token's user PIN file (test-only PIN). */
    public static Path softHsmPin() {
        return softHsmDir().resolve("pin");
    }

    private static Path softHsmDir() {
        return Path.of(System.getProperty("depa.softhsm.dir", "../var/softhsm"));
    }
}
