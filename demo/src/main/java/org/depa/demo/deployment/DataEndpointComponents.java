package org.depa.demo.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.depa.data.endpoint.DataPaths;
import org.depa.data.endpoint.Tls;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;

/**
 * One data endpoint per TDP, and one for the TDC (issue 11): data-endpoint's {@code DataEndpointMain} as a
 * process of its own, serving the TDP's ciphertexts and samples (the TDC's: its sealed model spec, which
 * the clean room downloads as it downloads a ciphertext; the endpoint's {@code tdpId} then names the TDC) from {@code data-endpoints/<tdp>/store} on loopback
 * ports from {@value #BASE_PORT}, with a TLS identity of its own (a fresh CA per endpoint whose key
 * is used here once and never written; the TDP registers the server certificate's SHA-256 with its
 * locations, so no one needs the CA). Its sample gate reads the registry through the TDP's own
 * Fabric enrolment and trusts client certificates of the organisations' TLS CAs; each organisation's
 * gateway is pinned to its organisation ({@code gateways=}), and the gateways trust exactly the
 * endpoints' certificates ({@link DeploymentLayout#dataEndpointsTrust()}), so a member fetches a sample
 * through its own gateway. Files are
 * owner-only; the properties name paths only.
 */
final class DataEndpointComponents {
    static final String KIND = "data-endpoint";
    static final int BASE_PORT = 8701;

    private final DeploymentLayout layout;
    private final String java;
    private final String classPath;

    DataEndpointComponents(DeploymentLayout layout, String classPath) {
        this.layout = layout;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = classPath;
    }

    /** Writes each TDP's endpoint identity and properties; the launches, in the order of {@code seats}. */
    List<ComponentLaunches.Launch> provision(List<Seat> seats, List<String> orgs, String tag)
            throws DeploymentException {
        List<ComponentLaunches.Launch> out = new ArrayList<>();
        String gateways = gatewayPins(orgs);
        StringBuilder trust = new StringBuilder();
        int i = 0;
        // The TDPs' endpoints first (ports from 8701 in seat order), then the TDC's.
        List<Seat> hosts = new ArrayList<>();
        seats.stream().filter(x -> x.role() == Role.TDP).forEach(hosts::add);
        seats.stream().filter(x -> x.role() == Role.TDC).forEach(hosts::add);
        for (Seat seat : hosts) {
            String name = "data-" + seat.baseId();
            Path dir = layout.dataEndpoint(seat.baseId());
            int port = BASE_PORT + i++;
            try {
                DeploymentLayout.ownerOnly(dir);
                CertificateAuthority ca = CertificateAuthority.create(seat.baseId() + " data endpoint CA");
                Issued server = ca.tlsServer(seat.baseId() + " data endpoint", "127.0.0.1", "localhost");
                DeploymentLayout.writeSecret(dir.resolve("server.pem"), server.certificatePem());
                trust.append(server.certificatePem());
                DeploymentLayout.writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem());
                StringBuilder cas = new StringBuilder();
                for (String msp : orgs) {
                    cas.append(Files.readString(layout.orgCa(msp)));
                }
                DeploymentLayout.writeSecret(dir.resolve("client-cas.pem"), cas.toString());
                Path party = layout.party(seat.id(tag));
                DeploymentLayout.writeSecret(
                        properties(seat.baseId()),
                        String.join(
                                "\n",
                                "tdpId=" + seat.id(tag),
                                "storeDir=" + dir.resolve("store"),
                                "stateDir=" + dir.resolve("state"),
                                "port=" + port,
                                "serverCertificate=" + dir.resolve("server.pem"),
                                "serverKey=" + dir.resolve("server-key.pem"),
                                "clientCas=" + dir.resolve("client-cas.pem"),
                                "gateways=" + gateways,
                                "ledger=fabric",
                                "network=" + layout.network(),
                                "mspId=" + seat.mspId(),
                                "clientCertificate=" + party.resolve("fabric/cert.pem"),
                                "clientKey=" + party.resolve("fabric/key.pem"),
                                ""));
                DeploymentLayout.writeSecret(dir.resolve("classpath"), classPath);
            } catch (IOException | RuntimeException e) {
                throw new DeploymentException(name, "cannot write its identity and settings: " + e.getMessage(), e);
            }
            out.add(launch(name, seat.mspId(), port, properties(seat.baseId()), classPath));
        }
        try {
            DeploymentLayout.writeSecret(layout.dataEndpointsTrust(), trust.toString());
        } catch (IOException e) {
            throw new DeploymentException(
                    "data endpoints", "cannot write " + layout.dataEndpointsTrust() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * {@code <sha256 of the gateway's data client certificate>=<MSP id>,...}: each organisation's gateway
     * may fetch samples for its own participants only (the endpoint checks the caller's organisation).
     */
    private String gatewayPins(List<String> orgs) throws DeploymentException {
        List<String> pins = new ArrayList<>();
        for (String msp : orgs) {
            try {
                String pem = Files.readString(layout.gatewayDataClient(msp));
                String sha = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(Tls.certificates(pem).get(0).getEncoded()));
                pins.add(sha + "=" + msp);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new DeploymentException(
                        "data endpoints",
                        "cannot read gateway " + msp + "'s data client certificate: " + e.getMessage(),
                        e);
            }
        }
        return String.join(",", pins);
    }

    /** The endpoint's properties file: what {@code depa dataset publish --endpoint} names. */
    Path properties(String tdpBaseId) {
        return layout.dataEndpoint(tdpBaseId).resolve("endpoint.properties");
    }

    private ComponentLaunches.Launch launch(String name, String mspId, int port, Path properties, String cp) {
        return new ComponentLaunches.Launch(
                name,
                KIND,
                mspId,
                "https://127.0.0.1:" + port,
                List.of(java, "-Xmx128m", "-cp", cp, "org.depa.data.endpoint.DataEndpointMain", properties.toString()),
                Map.of());
    }

    /** The launch {@code up} made, from the files it wrote (the class path included). */
    ComponentLaunches.Launch relaunch(DeploymentState.Component c) throws IOException {
        String base = c.name().substring("data-".length());
        String cp =
                Files.readString(layout.dataEndpoint(base).resolve("classpath")).strip();
        int port = Integer.parseInt(c.url().substring(c.url().lastIndexOf(':') + 1));
        return launch(c.name(), c.mspId(), port, properties(base), cp);
    }

    /** UP when {@code GET /v1/health} answers 200 over TLS from exactly the endpoint's own certificate. */
    String health(DeploymentState.Component c) {
        String base = c.name().substring("data-".length());
        try {
            var pem = Files.readString(layout.dataEndpoint(base).resolve("server.pem"));
            SSLContext tls = Tls.context(Tls.certificates(pem), null, null);
            HttpResponse<String> r = HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(c.url() + DataPaths.HEALTH))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : "DOWN (status " + r.statusCode() + ")";
        } catch (IOException | RuntimeException e) {
            return "UNREACHABLE (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE (interrupted)";
        }
    }
}
