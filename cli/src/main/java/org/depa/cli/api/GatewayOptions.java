package org.depa.cli.api;

import java.net.URI;
import java.nio.file.Path;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** How to reach the gateway and who to be: shared by every {@code depa api} command. */
public final class GatewayOptions {
    @Option(
            scope = ScopeType.INHERIT,
            names = "--gateway",
            description = "Gateway base URL (default: $DEPA_GATEWAY or https://127.0.0.1:8443).",
            defaultValue = "${env:DEPA_GATEWAY:-https://127.0.0.1:8443}")
    URI gateway;

    @Option(
            scope = ScopeType.INHERIT,
            names = "--ca",
            description = "PEM file of the CA that issued the gateway's certificate (default: $DEPA_GATEWAY_CA).",
            defaultValue = "${env:DEPA_GATEWAY_CA}")
    Path ca;

    @Option(
            scope = ScopeType.INHERIT,
            names = "--p12",
            description = "PKCS#12 file with the participant's key and certificate.")
    Path p12;

    @Option(
            scope = ScopeType.INHERIT,
            names = "--p12-password-env",
            description = "Environment variable holding the PKCS#12 password (default: DEPA_P12_PASSWORD).",
            defaultValue = "DEPA_P12_PASSWORD")
    String p12PasswordEnv;

    @Option(
            scope = ScopeType.INHERIT,
            names = "--cert",
            description = "PEM certificate of the participant (with --key).")
    Path cert;

    @Option(
            scope = ScopeType.INHERIT,
            names = "--key",
            description = "PEM private key (PKCS#8) of the participant (with --cert).")
    Path key;

    @Option(
            scope = ScopeType.INHERIT,
            names = "--json",
            description = "Print the gateway's JSON as it is (compact), for scripts.")
    boolean json;

    /** Thrown for missing or contradictory options: a usage error. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** Certificates, keys and keystores are small: a larger file (or a device) is refused before it is read. */
    static final long CREDENTIAL_MAX = 1 << 20;

    static Path small(Path file, String option) {
        if (file == null) {
            return null;
        }
        try {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new UsageException(option + " " + file
                        + (java.nio.file.Files.exists(file) ? " is not a regular file" : " does not exist"));
            }
            long size = java.nio.file.Files.size(file);
            if (size > CREDENTIAL_MAX) {
                throw new UsageException(option + " " + file + " is " + size + " bytes; at most " + CREDENTIAL_MAX);
            }
        } catch (java.io.IOException e) {
            throw new UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
        return file;
    }

    public ClientIdentity identity() {
        small(p12, "--p12");
        small(cert, "--cert");
        small(key, "--key");
        if (p12 != null && (cert != null || key != null)) {
            throw new UsageException("give either --p12 or --cert and --key, not both");
        }
        if (p12 != null) {
            String password = System.getenv(p12PasswordEnv);
            return ClientIdentity.fromPkcs12(p12, password == null ? new char[0] : password.toCharArray());
        }
        if (cert != null && key != null) {
            return ClientIdentity.fromPem(cert, key);
        }
        if (cert != null || key != null) {
            throw new UsageException("--cert and --key go together");
        }
        return null;
    }

    public GatewayClient client() {
        if (ca == null) {
            throw new UsageException("--ca (or $DEPA_GATEWAY_CA) is required: the CA of the gateway's certificate");
        }
        return GatewayClient.connect(gateway, identity(), small(ca, "--ca"));
    }

    public boolean json() {
        return json;
    }
}
