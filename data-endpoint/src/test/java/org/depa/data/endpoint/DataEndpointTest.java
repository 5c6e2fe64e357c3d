package org.depa.data.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import org.depa.data.endpoint.DataDownloadException.Kind;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TDP's data endpoint over real HTTPS: the ciphertext to anyone, the sample only to members in good standing. */
class DataEndpointTest {
    @TempDir
    Path dir;

    EndpointWorld e;

    @BeforeEach
    void start() throws Exception {
        e = new EndpointWorld(dir);
    }

    @AfterEach
    void stop() {
        e.close();
    }

    @Test
    void servesTheCiphertextWithoutAClientCertificateAndItsHashIsTheRegisteredOne() throws Exception {
        DataDownload.Downloaded d =
                e.download(null).toFile(e.endpoint.ciphertextUri(EndpointWorld.DATASET), dir.resolve("got"), Map.of());

        assertThat(d.bytes()).isEqualTo(e.ciphertext.length);
        assertThat(d.sha256()).isEqualTo(Hashes.sha256Hex(e.ciphertext));
        assertThat(Files.readAllBytes(dir.resolve("got"))).isEqualTo(e.ciphertext);
        assertThat(e.logOnceItHas("outcome=\"served\""))
                .contains("ciphertext dataset=\"icmr-data\"")
                .contains("outcome=\"served\"");
    }

    @Test
    void servesARangeSoADownloadCanResume() throws Exception {
        HttpsURLConnection c = connection(e.endpoint.ciphertextUri(EndpointWorld.DATASET));
        c.setRequestProperty("Range", "bytes=1000-");

        assertThat(c.getResponseCode()).isEqualTo(206);
        assertThat(c.getHeaderField("Content-Range"))
                .isEqualTo("bytes 1000-" + (e.ciphertext.length - 1) + "/" + e.ciphertext.length);
        byte[] body = c.getInputStream().readAllBytes();
        assertThat(body).isEqualTo(java.util.Arrays.copyOfRange(e.ciphertext, 1000, e.ciphertext.length));

        HttpsURLConnection past = connection(e.endpoint.ciphertextUri(EndpointWorld.DATASET));
        past.setRequestProperty("Range", "bytes=" + e.ciphertext.length + "-");
        assertThat(past.getResponseCode()).isEqualTo(416);
    }

    @Test
    void anUnknownDatasetIs404NamingIt() {
        assertThatThrownBy(() ->
                        e.download(null).toFile(e.endpoint.ciphertextUri("no-such-data"), dir.resolve("x"), Map.of()))
                .isInstanceOfSatisfying(DataDownloadException.class, x -> {
                    assertThat(x.kind()).isEqualTo(Kind.REFUSED);
                    assertThat(x.status()).isEqualTo(404);
                })
                .hasMessageContaining("dataset 'no-such-data' has no ciphertext on this endpoint");
    }

    @Test
    void servesTheSampleToAMemberInGoodStandingAndLogsTheAccess() throws Exception {
        e.download(e.tdcCert).toFile(e.endpoint.sampleUri(EndpointWorld.DATASET), dir.resolve("s.csv"), Map.of());

        assertThat(Files.readString(dir.resolve("s.csv"))).isEqualTo(EndpointWorld.SAMPLE);
        assertThat(e.logOnceItHas("outcome=\"served\""))
                .contains("sample dataset=\"icmr-data\" participant=\"tdc\" via=\"direct\" bytes=\""
                        + EndpointWorld.SAMPLE.length() + "\" outcome=\"served\"");
    }

    @Test
    void servesTheSampleToAGatewayActingForAParticipantOfItsOwnOrganisation() throws Exception {
        e.download(e.consumerGateway)
                .toFile(
                        e.endpoint.sampleUri(EndpointWorld.DATASET),
                        dir.resolve("s.csv"),
                        Map.of(DataPaths.ON_BEHALF_OF, "tdc"));

        assertThat(Files.readString(dir.resolve("s.csv"))).isEqualTo(EndpointWorld.SAMPLE);
        assertThat(e.logOnceItHas("outcome=\"served\"")).contains("participant=\"tdc\" via=\"gateway:ConsumerMSP\"");
    }

    @Test
    void refusesTheSampleToAnyoneOutsideTheConsortiumOrNotInGoodStanding() throws Exception {
        refused(null, Map.of(), 401, "no client certificate was presented");
        refused(e.strangerCert, Map.of(), 403, "is neither a registered participant's nor a pinned gateway's");
        refused(e.suspendedCert, Map.of(), 403, "participant 'tdc-suspended' is suspended");
        // A member acting for someone else, a gateway acting outside its organisation or for a suspended colleague.
        refused(e.tdcCert, Map.of(DataPaths.ON_BEHALF_OF, "icmr"), 403, "cannot fetch a sample for someone else");
        refused(
                e.consumerGateway,
                Map.of(DataPaths.ON_BEHALF_OF, "icmr"),
                403,
                "the gateway of ConsumerMSP cannot act for participant 'icmr' of IcmrMSP");
        refused(e.consumerGateway, Map.of(DataPaths.ON_BEHALF_OF, "tdc-suspended"), 403, "is suspended");
        refused(e.consumerGateway, Map.of(), 400, "must name the participant it acts for");

        assertThat(e.log())
                .contains("outcome=\"refused NO_CLIENT_CERTIFICATE\"")
                .contains("outcome=\"refused PARTICIPANT_SUSPENDED\"")
                .contains("for=\"icmr\" outcome=\"refused NOT_PERMITTED\"")
                .doesNotContain("outcome=\"served\"");
        assertThat(dir.resolve("s.csv")).doesNotExist();
    }

    @Test
    void aClientCertificateFromOutsideTheConsortiumIsRefusedInTheHandshake() {
        Issued foreign = CertificateAuthority.create("foreign CA").tlsClient("tdc");

        assertThatThrownBy(() -> e.download(foreign)
                        .toFile(e.endpoint.sampleUri(EndpointWorld.DATASET), dir.resolve("s.csv"), Map.of()))
                .isInstanceOf(DataDownloadException.class);
        assertThat(dir.resolve("s.csv")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p)
                .isEmptyFile());
    }

    @Test
    void anUnknownDatasetsSampleIs404NamingIt() {
        assertThatThrownBy(() -> e.download(e.tdcCert)
                        .toFile(e.endpoint.sampleUri("no-such-data"), dir.resolve("s.csv"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, x -> assertThat(x.status()).isEqualTo(404))
                .hasMessageContaining("dataset 'no-such-data' has no sample on this endpoint");
    }

    @Test
    void publishingRefusesABadIdOrAMissingFileNamingIt() {
        assertThatThrownBy(() -> e.store.publish("../etc", dir.resolve("icmr.enc"), null))
                .hasMessageContaining("dataset id '../etc' is not an id");
        assertThatThrownBy(() -> e.store.publish("x", dir.resolve("missing.enc"), null))
                .hasMessageContaining("ciphertext file '" + dir.resolve("missing.enc") + "' does not exist");
        assertThat(e.store.root().resolve("x")).doesNotExist();
    }

    private void refused(Issued client, Map<String, String> headers, int status, String reason) {
        assertThatThrownBy(() -> e.download(client)
                        .toFile(e.endpoint.sampleUri(EndpointWorld.DATASET), dir.resolve("s.csv"), headers))
                .isInstanceOfSatisfying(DataDownloadException.class, x -> {
                    assertThat(x.kind()).isEqualTo(Kind.REFUSED);
                    assertThat(x.status()).isEqualTo(status);
                })
                .hasMessageContaining(reason);
    }

    private HttpsURLConnection connection(URI uri) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
        c.setSSLSocketFactory(
                Tls.context(List.of(e.icmrTls.certificate()), null, null).getSocketFactory());
        return c;
    }
}
