package org.depa.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.depa.kms.protocol.BridgeAdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depa kms key-status}: the key owner asks its own bridge, over mutual TLS, whether it holds a key (after
 * {@code import-key}). It presents the party's own TLS client certificate, the only one the
 * bridge's administrative route admits, and trusts only the organisation CA for the bridge's server certificate.
 */
@Command(
        name = "key-status",
        description = {
            "Ask your own kms-bridge, over mutual TLS with your TLS client certificate, whether it holds a key"
                    + " (never the key).",
            "Exit 0 held, 1 not held or refused (the bridge's reason: another party's certificate, ...), 2 usage,"
                    + " 3 the bridge did not answer."
        })
final class KmsKeyStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bridge", required = true, description = "The bridge's https URL (without a #pin).")
    URI bridge;

    @Option(names = "--key-id", required = true, description = "The key id (a dataset's keyId, spec-<commitment>).")
    String keyId;

    @Option(
            names = {"--ca", "--tls-ca"},
            required = true,
            description = "PEM: your organisation's TLS CA (issued the bridge's).")
    Path ca;

    @Option(
            names = {"--cert", "--tls-cert"},
            required = true,
            description = "PEM: your own TLS client certificate.")
    Path cert;

    @Option(
            names = {"--key", "--tls-key"},
            required = true,
            description = "PEM (PKCS#8): the key of --cert.")
    Path key;

    @Override
    public Integer call() {
        KmsOwnerTls.bridge(bridge, "--bridge");
        SSLContext tls = KmsOwnerTls.context("--ca", ca, "--cert", cert, "--key", key);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            boolean held = new BridgeAdminClient(tls).holds(bridge, keyId);
            out.println(held ? keyId + ": held by " + bridge + " (sealable)" : keyId + ": not held by " + bridge);
            out.flush();
            return held ? 0 : Main.FAILED;
        } catch (BridgeAdminClient.AdminException e) {
            err.println("depa kms key-status: " + e.getMessage());
            err.flush();
            return e.unreachable() ? 3 : Main.FAILED;
        }
    }
}
