package org.depa.kms.bridge.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The bridge's transport, checked before it serves anything: with {@value #REQUIRED} (true in the packaged bridge,
 * the one a deployment runs) it must serve HTTPS only, with a server certificate and key of its own and the
 * organisation CA it checks client certificates against; otherwise it does not start, naming the setting (exit 2).
 * Quarkus' development and test profiles turn the requirement off so the quick start can run on loopback HTTP.
 */
final class TransportSettings {
    static final String REQUIRED = "depa.kms.tls.required";
    static final String INSECURE = "quarkus.http.insecure-requests";
    static final String CERT = "quarkus.tls.key-store.pem.0.cert";
    static final String KEY = "quarkus.tls.key-store.pem.0.key";
    static final String TRUST = "quarkus.tls.trust-store.pem.certs";
    static final String CLIENT_AUTH = "quarkus.http.ssl.client-auth";

    private TransportSettings() {}

    /** What is wrong with the transport settings, or empty when the bridge may start. */
    static Optional<String> problem(Config config) {
        boolean required = config.getOptionalValue(REQUIRED, Boolean.class).orElse(true);
        if (!required) {
            return Optional.empty();
        }
        String insecure = config.getOptionalValue(INSECURE, String.class).orElse("enabled");
        if (!insecure.equals("disabled")) {
            return Optional.of(INSECURE + " is '" + insecure + "': with " + REQUIRED
                    + "=true the bridge serves HTTPS only (set it to disabled, so no plain listener opens)");
        }
        for (String file : new String[] {CERT, KEY, TRUST, OwnerGate.OWNER, OwnerGate.CA}) {
            Optional<String> value = config.getOptionalValue(file, String.class);
            if (value.isEmpty() || value.get().isBlank()) {
                return Optional.of(
                        file + " is not set: with " + REQUIRED + "=true the bridge needs " + what(file) + " (PEM)");
            }
            if (!Files.isReadable(Path.of(value.get()))) {
                return Optional.of(file + " names " + value.get() + ", which is not a readable file");
            }
        }
        String auth = config.getOptionalValue(CLIENT_AUTH, String.class).orElse("none");
        if (!auth.equals("request") && !auth.equals("required")) {
            return Optional.of(CLIENT_AUTH + " is '" + auth
                    + "': the administrative routes need the owner's client certificate (set it to request)");
        }
        return Optional.empty();
    }

    private static String what(String setting) {
        return switch (setting) {
            case CERT -> "its TLS server certificate";
            case KEY -> "its TLS server key";
            case TRUST -> "the organisation CA that issues client certificates";
            case OwnerGate.OWNER -> "its own party's TLS client certificate (the key owner)";
            default -> "the organisation's TLS CA certificate";
        };
    }
}
