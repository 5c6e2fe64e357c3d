package org.depa.data.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.depa.ledger.model.Hashes;

/**
 * A data endpoint process's settings, read from its properties file ({@link DataEndpointMain}) and
 * by the TDP's publishing tool ({@link DataPublisher}), which puts files into the same store and
 * names the same URL and certificate. Each malformed or missing setting is refused naming its key.
 *
 * @param tdpId whose endpoint this is (for messages and the log)
 * @param storeDir where the published datasets are ({@link DataStore})
 * @param stateDir the process's own files: {@code endpoint.log}, {@code access.log}
 * @param port the loopback port it serves on
 * @param serverCertificate the endpoint's TLS certificate chain (PEM, its own certificate first)
 * @param serverKey the endpoint's TLS private key (PEM PKCS#8); a secret, never in a message
 * @param clientCas the consortium organisations' TLS CAs (PEM): sample requests must present a
 *     certificate one of them issued
 * @param gateways SHA-256 of each organisation gateway's client certificate to its MSP id
 * @param ledger the properties of the endpoint's own ledger client (for the sample gate)
 */
public record EndpointSettings(
        String tdpId,
        Path storeDir,
        Path stateDir,
        int port,
        Path serverCertificate,
        Path serverKey,
        Path clientCas,
        Map<String, String> gateways,
        Properties ledger) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    static final long MAX_FILE_BYTES = 64 * 1024;

    /** Reads {@code file}; every problem an {@link IllegalArgumentException} naming the file and the key. */
    public static EndpointSettings read(Path file) {
        Properties p = new Properties();
        try {
            // Checked before it is opened: a device or a huge file would otherwise be read into memory.
            if (Files.exists(file) && (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES)) {
                throw new IllegalArgumentException(
                        file + ": not a properties file (a regular file of at most " + MAX_FILE_BYTES + " bytes)");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return of(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static EndpointSettings of(Properties p) {
        String tdpId = required(p, "tdpId");
        int port;
        try {
            port = Integer.parseInt(required(p, "port"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port: must be a whole number, was '" + p.getProperty("port") + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be 1 to 65535, was " + port);
        }
        Map<String, String> gateways = new LinkedHashMap<>();
        for (String pin : p.getProperty("gateways", "").split(",")) {
            if (pin.isBlank()) {
                continue;
            }
            String[] kv = pin.trim().split("=", 2);
            if (kv.length != 2 || !SHA256.matcher(kv[0]).matches() || kv[1].isBlank()) {
                throw new IllegalArgumentException(
                        "gateways: each entry must be <sha256 of the gateway's client certificate>=<MSP id>, was '"
                                + pin.trim() + "'");
            }
            gateways.put(kv[0].toLowerCase(Locale.ROOT), kv[1].trim());
        }
        Properties ledger = new Properties();
        for (String key : List.of("ledger", "network", "mspId", "clientCertificate", "clientKey", "embeddedDir")) {
            if (p.getProperty(key) != null) {
                ledger.setProperty(key, p.getProperty(key).trim());
            }
        }
        required(p, "ledger");
        EndpointSettings s = new EndpointSettings(
                tdpId,
                Path.of(required(p, "storeDir")),
                Path.of(required(p, "stateDir")),
                port,
                readable(p, "serverCertificate"),
                readable(p, "serverKey"),
                readable(p, "clientCas"),
                Map.copyOf(gateways),
                ledger);
        s.chain();
        s.clientCaCertificates();
        return s;
    }

    /** {@code https://127.0.0.1:<port>/}: the endpoint listens on loopback only. */
    public URI baseUri() {
        return URI.create("https://127.0.0.1:" + port + "/");
    }

    /** The server certificate chain, its own certificate first. */
    public List<X509Certificate> chain() {
        return pem("serverCertificate", serverCertificate);
    }

    /** SHA-256 (hex) of the endpoint's own certificate: the pin a TDP registers with its locations. */
    public String certificateSha256() {
        try {
            return Hashes.sha256Hex(chain().get(0).getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("serverCertificate: cannot be encoded: " + e.getMessage(), e);
        }
    }

    List<X509Certificate> clientCaCertificates() {
        return pem("clientCas", clientCas);
    }

    PrivateKey privateKey() {
        try {
            return Tls.privateKey(Files.readString(serverKey, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException("serverKey: cannot read " + serverKey + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("serverKey: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> pem(String key, Path file) {
        try {
            return Tls.certificates(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path readable(Properties p, String key) {
        Path file = Path.of(required(p, key));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": " + file + " does not exist or cannot be read");
        }
        return file;
    }

    static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + ": required");
        }
        return v.trim();
    }
}
