package org.depa.ccr.operator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.depa.ledger.client.LedgerClient;

/**
 * The operator service's {@link JobOutputs} from its properties: {@code outputReaders}, a file of
 * lines {@code <SHA-256 hex of a token>=<MSP id of the TDC organisation it was issued to>} (only
 * hashes: the operator cannot leak the tokens), and {@code outputPort} (default 0, any free port),
 * always on the loopback interface. Without {@code outputReaders}, nothing is served.
 */
final class OutputReaders {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private OutputReaders() {}

    static JobOutputs serve(Properties p, LedgerClient client, OperatorSettings settings) throws IOException {
        String file = p.getProperty("outputReaders");
        if (file == null || file.isBlank()) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(p.getProperty("outputPort", "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("outputPort: must be a whole number", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("outputPort: must be 0 to 65535");
        }
        return JobOutputs.serve(
                client,
                settings,
                read(Path.of(file.trim())),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** The token hashes and their organisations; a malformed line is refused naming the file. */
    static Map<String, String> read(Path file) throws IOException {
        Properties lines = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            lines.load(in);
        }
        Map<String, String> readers = new TreeMap<>();
        for (String hash : lines.stringPropertyNames()) {
            String msp = lines.getProperty(hash).trim();
            if (!SHA256.matcher(hash).matches() || msp.isEmpty()) {
                throw new IllegalArgumentException(
                        "outputReaders: " + file + ": each line must be <sha256 hex of a token>=<MSP id>");
            }
            readers.put(hash, msp);
        }
        return readers;
    }
}
