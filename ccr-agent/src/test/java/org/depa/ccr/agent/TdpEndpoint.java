package org.depa.ccr.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.data.endpoint.DataDownload;
import org.depa.data.endpoint.DataEndpoint;
import org.depa.data.endpoint.DataStore;
import org.depa.data.endpoint.SampleGate;
import org.depa.data.endpoint.Tls;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;

/**
 * A TDP's real data endpoint (HTTPS on loopback, its own CA and server certificate) serving
 * ciphertexts; no one is let in for samples here (the clean room never asks for one).
 */
final class TdpEndpoint implements AutoCloseable {
    final CertificateAuthority ca = CertificateAuthority.create("tdp endpoint CA");
    final Issued server = ca.tlsServer("tdp data endpoint", "127.0.0.1");
    final DataStore store;
    final DataEndpoint endpoint;

    TdpEndpoint(Path dir) throws IOException {
        store = DataStore.at(dir.resolve("endpoint"));
        endpoint = DataEndpoint.start(
                store,
                Tls.context(List.of(ca.certificate()), server.privateKey(), server.chain()),
                (peer, onBehalfOf) -> {
                    throw new SampleGate.Refused(403, "NOT_PERMITTED", "no samples in this test");
                },
                dir.resolve("endpoint-access.log"),
                0);
    }

    /** Publishes {@code bytes} as {@code datasetId}'s ciphertext; its https location. */
    URI publish(String datasetId, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile("ciphertext", ".enc");
        try {
            Files.write(tmp, bytes);
            store.publish(datasetId, tmp, null);
        } finally {
            Files.delete(tmp);
        }
        return endpoint.ciphertextUri(datasetId);
    }

    /** {@code location} with this endpoint's certificate pinned, and {@code bytes} declared when not null. */
    URI pinned(URI location, Long bytes) throws java.security.cert.CertificateEncodingException {
        return org.depa.data.endpoint.PinnedLocation.of(
                location,
                org.depa.ledger.model.Hashes.sha256Hex(server.certificate().getEncoded()),
                bytes);
    }

    /** A clean room's download settings trusting this endpoint's CA only. */
    DataDownload.Settings trusted() {
        return DataDownload.Settings.trusting(List.of(ca.certificate()));
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
