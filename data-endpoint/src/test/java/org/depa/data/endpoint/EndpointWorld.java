package org.depa.data.endpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.World;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;

/**
 * A TDP's data endpoint on a ledger with the consortium's members: a TDC and a TDP verified, a
 * suspended TDC, all with client certificates from the consortium CA; a gateway of ConsumerMSP
 * pinned; a published dataset of 300 KiB random ciphertext and a small sample.
 */
final class EndpointWorld implements AutoCloseable {
    static final String DATASET = "icmr-data";
    static final String SAMPLE = "mobile,age\n9000000001,34\n";

    final CertificateAuthority consortium = CertificateAuthority.create("consortium CA");
    final CertificateAuthority icmrTls = CertificateAuthority.create("icmr endpoint CA");
    final Issued server = icmrTls.tlsServer("icmr data endpoint", "127.0.0.1");
    final Issued tdcCert = consortium.tlsClient("tdc");
    final Issued icmrCert = consortium.tlsClient("icmr");
    final Issued suspendedCert = consortium.tlsClient("tdc-suspended");
    final Issued strangerCert = consortium.tlsClient("stranger");
    final Issued consumerGateway = consortium.tlsClient("ConsumerMSP gateway");
    final World w = new World();
    final Party tdc;
    final Party icmr;
    final Path dir;
    final Path accessLog;
    final byte[] ciphertext = new byte[300 * 1024];
    final DataStore store;
    final DataEndpoint endpoint;

    EndpointWorld(Path dir) throws IOException {
        this.dir = dir;
        // The certificates are valid from now (testkit), so the ledger's clock is now.
        w.clock.set(java.time.Instant.now());
        w.publishAgreement("v1");
        tdc = onboard("tdc", Role.TDC, "ConsumerMSP", tdcCert);
        icmr = onboard("icmr", Role.TDP, "IcmrMSP", icmrCert);
        onboard("tdc-suspended", Role.TDC, "ConsumerMSP", suspendedCert);
        w.suspend("tdc-suspended");
        new SecureRandom().nextBytes(ciphertext);
        Files.write(dir.resolve("icmr.enc"), ciphertext);
        Files.writeString(dir.resolve("icmr-sample.csv"), SAMPLE);
        store = DataStore.at(dir.resolve("endpoint"));
        store.publish(DATASET, dir.resolve("icmr.enc"), dir.resolve("icmr-sample.csv"));
        accessLog = dir.resolve("endpoint-access.log");
        endpoint = DataEndpoint.start(store, serverTls(), gate(), accessLog, 0);
    }

    private Party onboard(String id, Role role, String msp, Issued cert) {
        Party p = w.register(id, role, msp, cert.credentials());
        w.verify(id);
        w.signAgreement(p);
        return p;
    }

    SSLContext serverTls() {
        return Tls.context(List.of(consortium.certificate()), server.privateKey(), server.chain());
    }

    SampleGate gate() {
        return SampleGate.ledger(
                w.sroLedger(), Map.of(Hashes.sha256Hex(encoded(consumerGateway.certificate())), "ConsumerMSP"));
    }

    /** A download trusting the endpoint's CA, presenting {@code client} (null: no certificate). */
    DataDownload download(Issued client) {
        DataDownload.Settings s = DataDownload.Settings.trusting(List.of(icmrTls.certificate()))
                .withTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), 2);
        return new DataDownload(client == null ? s : s.withClient(client.privateKey(), client.chain()));
    }

    String log() throws IOException {
        return Files.exists(accessLog) ? Files.readString(accessLog) : "";
    }

    /**
     * The access log once it holds {@code expected}, or as it is after 5 s. The endpoint logs a
     * download after its last byte went out, so a client that has read the body can be ahead of it.
     */
    String logOnceItHas(String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        String log = log();
        while (!log.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            log = log();
        }
        return log;
    }

    static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        endpoint.close();
        w.close();
    }
}
