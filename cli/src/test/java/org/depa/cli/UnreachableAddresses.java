package org.depa.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.depa.testkit.PemText;

/**
 * Addresses the hostile-value sweep may point a command at, none of which answers whatever runs
 * on the machine: a loopback port this test bound and closed (not a well-known one such as a Fabric
 * peer's 7051, an anvil's 8545 or a gateway's 8443, which another engineer's network may hold), and
 * a Fabric network description whose three peers are at that port, with real TLS and user files so
 * that {@code depa audit export} gets as far as connecting. Without it the command reads
 * {@code depa.home}'s own {@code var/network}, which exists exactly when a network is up.
 */
final class UnreachableAddresses {
    /** The three founders as network.sh names them: the organisations {@code audit export} reads by default. */
    private static final Map<String, String> ORGANISATIONS =
            new TreeMap<>(Map.of("sro", "SROMSP", "provider", "ProviderMSP", "consumer", "ConsumerMSP"));

    private final int port;
    private final Path network;

    private UnreachableAddresses(int port, Path network) {
        this.port = port;
        this.network = network;
    }

    /** Reserves a loopback port, closes it, and writes a network description at {@code dir} pointing there. */
    static UnreachableAddresses in(Path dir) {
        int port = closedLoopbackPort();
        return new UnreachableAddresses(port, describeNetwork(dir, port));
    }

    /** The port: bound by this JVM, then closed; nothing listens there. */
    int port() {
        return port;
    }

    /** A gateway URL for {@code --gateway}. */
    String gatewayUrl() {
        return "https://127.0.0.1:" + port;
    }

    /** A JSON-RPC URL for {@code --rpc-url}. */
    String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A network directory for {@code --network}: network.json, TLS CAs and each organisation's User1. */
    Path network() {
        return network;
    }

    private static int closedLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a loopback port", e);
        }
    }

    private static Path describeNetwork(Path dir, int port) {
        CertificateAuthority ca = CertificateAuthority.create("unreachable network CA");
        StringBuilder orgs = new StringBuilder();
        for (var entry : ORGANISATIONS.entrySet()) {
            String org = entry.getKey();
            String mspId = entry.getValue();
            String domain = org + ".depa.local";
            Issued user = ca.participant("User1@" + domain);
            Path msp = dir.resolve("crypto/" + org + "/users/User1@" + domain + "/msp");
            createDirectories(msp.resolve("signcerts"), msp.resolve("keystore"));
            PemText.write(dir.resolve("crypto/" + org + "/tlsca.pem"), ca.certificatePem());
            PemText.write(msp.resolve("signcerts/cert.pem"), user.certificatePem());
            PemText.writeSecret(msp.resolve("keystore/priv_sk"), user.privateKeyPem());
            orgs.append(orgs.isEmpty() ? "" : ",")
                    .append(
                            """
                            {"name":"%s","mspId":"%s","domain":"%s","usersDir":"crypto/%s/users",
                             "peer":{"endpoint":"127.0.0.1:%d","hostOverride":"peer0.%s",
                                     "tlsCaFile":"crypto/%s/tlsca.pem","operationsEndpoint":"127.0.0.1:%d"}}"""
                                    .formatted(org, mspId, domain, org, port, domain, org, port));
        }
        String description =
                """
                {"version":1,"channel":"depa","chaincode":"depa","script":"/nonexistent/network.sh",
                 "organisations":[%s],
                 "orderers":[]}
                """
                        .formatted(orgs);
        try {
            Files.writeString(dir.resolve("network.json"), description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network description in " + dir, e);
        }
        return dir;
    }

    private static void createDirectories(Path... dirs) {
        try {
            for (Path d : dirs) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the network's directories", e);
        }
    }
}
