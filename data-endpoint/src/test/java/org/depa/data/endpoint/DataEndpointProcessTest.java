package org.depa.data.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.depa.data.endpoint.DataDownloadException.Kind;
import org.depa.ledger.model.Hashes;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint as the process a TDP (or {@code depa deployment up}) runs: started from its
 * properties file, serving what is published into its store while it runs (whole and by range),
 * refusing a client that is not a member, stopped cleanly by SIGTERM; bad settings named with exit 2.
 */
class DataEndpointProcessTest {
    @TempDir
    Path dir;

    final CertificateAuthority consortium = CertificateAuthority.create("consortium CA");
    final CertificateAuthority endpointCa = CertificateAuthority.create("icmr endpoint CA");
    final Issued server = endpointCa.tlsServer("icmr data endpoint", "127.0.0.1");
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    Path properties(String... overrides) throws IOException {
        Issued tdp = consortium.tlsClient("icmr");
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), server.privateKeyPem());
        Files.writeString(dir.resolve("cas.pem"), consortium.certificatePem());
        Files.writeString(dir.resolve("tdp.pem"), tdp.certificatePem());
        java.util.Properties p = new java.util.Properties();
        p.setProperty("tdpId", "icmr");
        p.setProperty("storeDir", dir.resolve("store").toString());
        p.setProperty("stateDir", dir.resolve("state").toString());
        p.setProperty("port", Integer.toString(freePort()));
        p.setProperty("serverCertificate", dir.resolve("server.pem").toString());
        p.setProperty("serverKey", dir.resolve("server-key.pem").toString());
        p.setProperty("clientCas", dir.resolve("cas.pem").toString());
        p.setProperty("ledger", "embedded");
        p.setProperty("embeddedDir", dir.resolve("ledger").toString());
        p.setProperty("mspId", "IcmrMSP");
        p.setProperty("clientCertificate", dir.resolve("tdp.pem").toString());
        for (String o : overrides) {
            String[] kv = o.split("=", 2);
            if (kv[1].isEmpty()) {
                p.remove(kv[0]);
            } else {
                p.setProperty(kv[0], kv[1]);
            }
        }
        Path file = dir.resolve("endpoint.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    Process launch(Path properties) throws IOException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DataEndpointMain.class.getName(),
                        properties.toString())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
        started.add(p);
        return p;
    }

    String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout"));
    }

    @Test
    void servesPublishedDataRefusesStrangersAndStopsCleanlyOnSigterm() throws Exception {
        Path props = properties();
        EndpointSettings settings = EndpointSettings.read(props);
        Process p = launch(props);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stdout().contains("data-endpoint: serving")) {
            assertThat(p.isAlive())
                    .as("alive; stderr: %s", Files.readString(dir.resolve("stderr")))
                    .isTrue();
            assertThat(System.nanoTime()).as("started within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(stdout()).contains("certificate sha256 " + settings.certificateSha256());
        byte[] ciphertext = new byte[200_000];
        new java.security.SecureRandom().nextBytes(ciphertext);
        Files.write(dir.resolve("icmr.enc"), ciphertext);
        Files.writeString(dir.resolve("sample.csv"), "age\n34\n");
        DataPublisher.Publication pub =
                DataPublisher.publish(settings, "icmr-data", dir.resolve("icmr.enc"), dir.resolve("sample.csv"));

        HttpsURLConnection health = connect(settings.baseUri().resolve(DataPaths.HEALTH));
        assertThat(health.getResponseCode()).isEqualTo(200);
        DataDownload anyone = new DataDownload(DataDownload.Settings.trusting(List.of())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 1));
        DataDownload.Downloaded got = anyone.toFile(pub.encryptedLocation(), dir.resolve("got"), Map.of());
        assertThat(got.sha256()).isEqualTo(Hashes.sha256Hex(ciphertext));
        HttpsURLConnection range =
                connect(PinnedLocation.parse(pub.encryptedLocation()).uri());
        range.setRequestProperty("Range", "bytes=199000-");
        assertThat(range.getResponseCode()).isEqualTo(206);
        assertThat(range.getInputStream().readAllBytes()).hasSize(1000);

        URI sample = pub.sampleLocation().orElseThrow();
        assertThatThrownBy(() -> anyone.toFile(sample, dir.resolve("s"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.status()).isEqualTo(401));
        Issued stranger = consortium.tlsClient("stranger");
        assertThatThrownBy(() -> client(stranger).toFile(sample, dir.resolve("s"), Map.of()))
                .isInstanceOfSatisfying(
                        DataDownloadException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("NOT_A_MEMBER");
        Issued foreign = CertificateAuthority.create("not the consortium").tlsClient("intruder");
        // The JDK server, wanting (not needing) a client certificate, drops one it cannot verify: the
        // request then arrives with none and is refused as such (or the handshake fails).
        assertThatThrownBy(() -> client(foreign).toFile(sample, dir.resolve("s"), Map.of()))
                .isInstanceOfSatisfying(DataDownloadException.class, e -> {
                    assertThat(e.kind()).isIn(Kind.TRUST, Kind.REFUSED);
                    if (e.kind() == Kind.REFUSED) {
                        assertThat(e.status()).isEqualTo(401);
                    }
                });
        assertThat(Files.exists(dir.resolve("s"))).isFalse();

        Path state = dir.resolve("state");
        String access = Files.readString(state.resolve("access.log"));
        assertThat(access).contains("ciphertext dataset=\"icmr-data\"").contains("outcome=\"served\"");
        assertThat(access).contains("refused NO_CLIENT_CERTIFICATE").contains("refused NOT_A_MEMBER");
        for (Path owned : List.of(state, dir.resolve("store"), dir.resolve("store/icmr-data"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(owned)))
                    .as(owned.toString())
                    .isEqualTo("rwx------");
        }
        for (Path owned : List.of(state.resolve("access.log"), state.resolve("endpoint.log"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(owned)))
                    .as(owned.toString())
                    .isEqualTo("rw-------");
        }

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(state.resolve("endpoint.log")))
                .contains("serving")
                .endsWith("stopped\n");
        try (ServerSocket again = new ServerSocket(settings.port(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(settings.port());
        }
        assertThat(Files.readString(dir.resolve("stderr"))).doesNotContain("Exception");
    }

    @Test
    void badSettingsAreNamedWithExitTwoAndNothingStarts() throws Exception {
        for (String[] c : new String[][] {
            {"port=", "port: required"},
            {"port=eighty", "port: must be a whole number, was 'eighty'"},
            {"port=70000", "port: must be 1 to 65535"},
            {"serverKey=" + dir.resolve("nope.pem"), "serverKey: " + dir.resolve("nope.pem") + " does not exist"},
            {"gateways=abc=ConsumerMSP", "gateways: each entry must be"},
            {"ledger=postgres", "ledger: must be fabric or embedded, was 'postgres'"},
        }) {
            Process p = launch(properties(c[0]));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("stderr"));
            assertThat(p.exitValue()).as(c[0] + ": " + err).isEqualTo(2);
            assertThat(err).startsWith("data-endpoint: ").contains(c[1]).doesNotContain("\tat ");
            assertThat(Files.exists(dir.resolve("state/access.log"))).isFalse();
        }
        Files.writeString(dir.resolve("server-key.pem"), "not a key");
        Path props = properties();
        Files.writeString(
                dir.resolve("server-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Process p = launch(props);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr")))
                .contains("serverKey: ")
                .doesNotContain("AAAA");
    }

    DataDownload client(Issued who) {
        return new DataDownload(DataDownload.Settings.trusting(List.of())
                .withClient(who.privateKey(), who.chain())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 1));
    }

    HttpsURLConnection connect(URI uri) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
        c.setSSLSocketFactory(
                Tls.context(List.of(endpointCa.certificate()), null, null).getSocketFactory());
        return c;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
