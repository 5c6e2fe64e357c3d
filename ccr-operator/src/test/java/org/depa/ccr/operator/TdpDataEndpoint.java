package org.depa.ccr.operator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.data.endpoint.DataEndpoint;
import org.depa.data.endpoint.DataStore;
import org.depa.data.endpoint.SampleGate;
import org.depa.data.endpoint.Tls;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;

/** A TDP's real data endpoint (HTTPS on loopback, its own CA and server certificate) hosting its ciphertext. */
final class TdpDataEndpoint implements AutoCloseable {
    final CertificateAuthority ca = CertificateAuthority.create("tdp endpoint CA");
    final Issued server = ca.tlsServer("tdp data endpoint", "127.0.0.1");
    final DataStore store;
    final DataEndpoint endpoint;
    final Path accessLog;

    TdpDataEndpoint(Path dir) throws IOException {
        store = DataStore.at(dir.resolve("endpoint"));
        accessLog = dir.resolve("endpoint-access.log");
        endpoint = DataEndpoint.start(
                store,
                Tls.context(List.of(ca.certificate()), server.privateKey(), server.chain()),
                (peer, onBehalfOf) -> {
                    throw new SampleGate.Refused(403, "NOT_PERMITTED", "no samples in this test");
                },
                accessLog,
                0);
    }

    /** Publishes the ciphertext file {@code enc} as {@code datasetId}'s; its https location. */
    URI publish(String datasetId, Path enc) throws IOException {
        store.publish(datasetId, enc, null);
        return endpoint.ciphertextUri(datasetId);
    }

    /**
     * Replaces what the endpoint serves for {@code datasetId} with {@code bytes} (a TDP host gone bad):
     * written straight into the store, since publishing refuses to replace a published ciphertext.
     */
    void replace(String datasetId, byte[] bytes) throws IOException {
        Files.write(store.root().resolve(datasetId).resolve("ciphertext.enc"), bytes);
    }

    String accessLog() throws IOException {
        return Files.exists(accessLog) ? Files.readString(accessLog) : "";
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
