package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.depa.data.endpoint.Tls;
import org.depa.dataset.KeyFile;
import org.depa.kms.protocol.KeyImportRequest;
import org.depa.ledger.model.Json;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depa kms import-key --bridge}: what the command sends to the owner's running bridge and how it reports the
 * answer. The bridge here is a scripted HTTPS server of the organisation CA that needs a client certificate and
 * records the request (the bridge's own checks of that request are kms-bridge's {@code KeyImportRouteTest}): the key
 * file's text, the dataset id and exactly the ciphertext's first {@link KeyImportRequest#CIPHERTEXT_PROOF_BYTES}
 * bytes, over mutual TLS with the owner's certificate; exit 0 with the bridge's answer, 1 with its refusal, 3 when
 * it does not answer, 2 for usage errors and a malformed PEM naming the file (also for key-status); the key on no
 * output.
 */
class KmsImportKeyBridgeTest {
    @TempDir
    Path dir;

    private final CertificateAuthority org = CertificateAuthority.create("IcmrMSP TLS CA (cli import test)");
    private HttpsServer server;
    private final AtomicReference<byte[]> received = new AtomicReference<>();
    private final AtomicReference<String> receivedPath = new AtomicReference<>();
    private final AtomicReference<String> clientSubject = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> answer = new AtomicReference<>();
    private String keyBase64;

    @BeforeEach
    void tdpAndBridge() throws Exception {
        Issued me = org.tlsClient("icmr");
        Files.writeString(dir.resolve("ca.pem"), org.certificatePem());
        Files.writeString(dir.resolve("me.pem"), me.certificatePem());
        Files.writeString(dir.resolve("me-key.pem"), me.privateKeyPem());
        CliRun.in(dir, "dataset", "keygen", "--out", "icmr.key").isClean();
        keyBase64 = Base64.getEncoder().encodeToString(KeyFile.read(dir.resolve("icmr.key"), KeyFile.Kind.DATASET));
        // Over two segments, so the command must cut it.
        byte[] plain = new byte[(1 << 20) * 2];
        new Random(3).nextBytes(plain);
        Files.write(dir.resolve("icmr.csv"), plain);
        CliRun.in(
                        dir,
                        "dataset",
                        "encrypt",
                        "--in",
                        "icmr.csv",
                        "--out",
                        "icmr.enc",
                        "--key",
                        "icmr.key",
                        "--dataset-id",
                        "icmr-2026")
                .isClean();

        Issued bridge = org.tlsServer("kms-bridge icmr", "127.0.0.1");
        SSLContext tls = Tls.context(List.of(org.certificate()), bridge.privateKey(), bridge.chain());
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", x -> {
            received.set(x.getRequestBody().readAllBytes());
            receivedPath.set(x.getRequestMethod() + " " + x.getRequestURI().getPath());
            clientSubject.set(((javax.net.ssl.SSLSession) ((com.sun.net.httpserver.HttpsExchange) x).getSSLSession())
                    .getPeerPrincipal()
                    .getName());
            byte[] b = answer.get().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders()
                    .add("Content-Type", status.get() == 200 ? "application/json" : "application/problem+json");
            x.sendResponseHeaders(status.get(), b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private CliRun importKey(String bridge, String... more) {
        return importKeyAs(bridge, "ca.pem", "me.pem", "me-key.pem", more);
    }

    private CliRun importKeyAs(String bridge, String ca, String cert, String key, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "kms",
                "import-key",
                "--key",
                "icmr.key",
                "--dataset-id",
                "icmr-2026",
                "--ciphertext",
                "icmr.enc",
                "--bridge",
                bridge,
                "--tls-ca",
                ca,
                "--tls-cert",
                cert,
                "--tls-key",
                key));
        args.addAll(List.of(more));
        CliRun r = CliRun.in(dir, args.toArray(new String[0])).isClean();
        assertThat(r.out() + r.err()).doesNotContain(keyBase64);
        return r;
    }

    @Test
    void sendsTheKeyFileAndTheCiphertextsStartOverMutualTlsAndPrintsTheAnswer() throws Exception {
        answer.set("{\"datasetId\":\"icmr-2026\",\"keyId\":\"icmr-2026-key\",\"replaced\":false,\"sealable\":true,"
                + "\"store\":\"pkcs12\"}");

        CliRun r = importKey(url());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(receivedPath.get()).isEqualTo("PUT /v1/admin/keys/icmr-2026-key");
        assertThat(clientSubject.get()).contains("icmr");
        KeyImportRequest sent = Json.mapper().readValue(received.get(), KeyImportRequest.class);
        assertThat(sent.key()).isEqualTo(Files.readString(dir.resolve("icmr.key")));
        assertThat(sent.datasetId()).isEqualTo("icmr-2026");
        assertThat(sent.sealedSpec()).isNull();
        assertThat(sent.replacing()).isFalse();
        byte[] whole = Files.readAllBytes(dir.resolve("icmr.enc"));
        assertThat(Base64.getDecoder().decode(sent.ciphertextStart()))
                .isEqualTo(Arrays.copyOf(whole, KeyImportRequest.CIPHERTEXT_PROOF_BYTES));
        assertThat(Json.tree(r.out()).get("keyId").asText()).isEqualTo("icmr-2026-key");
        assertThat(Json.tree(r.out()).get("bridge").asText()).isEqualTo(url());
        assertThat(r.out()).contains("no restart");

        CliRun replaced = importKey(url(), "--replace", "--key-id", "registered-key");
        assertThat(replaced.status()).isZero();
        assertThat(receivedPath.get()).isEqualTo("PUT /v1/admin/keys/registered-key");
        assertThat(Json.mapper()
                        .readValue(received.get(), KeyImportRequest.class)
                        .replacing())
                .isTrue();
        String log = Files.readString(CliRun.LOG, StandardCharsets.UTF_8);
        assertThat(log).doesNotContain(keyBase64);
    }

    @Test
    void theBridgesRefusalIsExitOneWithItsReason() {
        status.set(409);
        answer.set("{\"detail\":\"the store already holds a key 'icmr-2026-key' (add --replace to replace it);"
                + " nothing imported\","
                + "\"reasonCode\":\"KEY_ID_TAKEN\",\"status\":409,\"title\":\"KEY_ID_TAKEN\","
                + "\"type\":\"urn:depa:kms:KEY_ID_TAKEN\"}");
        CliRun r = importKey(url());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("KEY_ID_TAKEN", "icmr-2026-key", "--replace", "nothing imported");
        assertThat(r.err()).doesNotContain("nothing imported; nothing imported");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBridgeThatDoesNotAnswerIsExitThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = importKey("https://127.0.0.1:" + port);
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("unreachable");
    }

    @Test
    void usageErrorsAreExitTwoNamingTheOptionOrFile() throws Exception {
        CliRun http = importKey("http://127.0.0.1:1");
        assertThat(http.status()).isEqualTo(2);
        assertThat(http.err()).contains("--bridge must be the bridge's https URL");
        CliRun withStore = importKey(url(), "--pkcs12", "keys.p12");
        assertThat(withStore.status()).isEqualTo(2);
        assertThat(withStore.err()).contains("--pkcs12", "not running");
        CliRun.in(
                        dir,
                        "kms",
                        "import-key",
                        "--key",
                        "icmr.key",
                        "--dataset-id",
                        "icmr-2026",
                        "--ciphertext",
                        "icmr.enc",
                        "--bridge",
                        url())
                .isUsageError("--tls-ca");

        Files.writeString(
                dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n" + "-----END CERTIFICATE-----\n");
        Files.writeString(
                dir.resolve("broken-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        CliRun badCert = importKeyAs(url(), "ca.pem", "broken.pem", "me-key.pem");
        assertThat(badCert.status()).isEqualTo(2);
        assertThat(badCert.err()).contains("--tls-cert", "broken.pem");
        CliRun badKey = importKeyAs(url(), "ca.pem", "me.pem", "broken-key.pem");
        assertThat(badKey.status()).isEqualTo(2);
        assertThat(badKey.err()).contains("--tls-key", "broken-key.pem");
        CliRun badCa = importKeyAs(url(), "broken.pem", "me.pem", "me-key.pem");
        assertThat(badCa.status()).isEqualTo(2);
        assertThat(badCa.err()).contains("--tls-ca", "broken.pem");
        assertThat(received.get()).as("nothing sent").isNull();

        // key-status reads the same material the same way.
        for (String[] bad : List.of(
                new String[] {"--ca", "broken.pem", "--cert", "me.pem", "--key", "me-key.pem"},
                new String[] {"--ca", "ca.pem", "--cert", "broken.pem", "--key", "me-key.pem"},
                new String[] {"--ca", "ca.pem", "--cert", "me.pem", "--key", "broken-key.pem"})) {
            List<String> args =
                    new ArrayList<>(List.of("kms", "key-status", "--bridge", url(), "--key-id", "icmr-2026-key"));
            args.addAll(List.of(bad));
            CliRun r = CliRun.in(dir, args.toArray(new String[0])).isClean();
            assertThat(r.status()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).contains("broken");
        }
    }
}
