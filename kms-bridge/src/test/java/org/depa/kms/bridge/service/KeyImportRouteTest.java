package org.depa.kms.bridge.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.depa.attestation.CertificateLoader;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;
import org.depa.kms.bridge.EmulatedCcr;
import org.depa.kms.bridge.TestWorld;
import org.depa.kms.protocol.BridgeAddress;
import org.depa.kms.protocol.BridgeAdminClient;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.KeyImportRequest;
import org.depa.kms.protocol.KeyImportResult;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.Problem;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleasedKey;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.testing.Scenario;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /v1/admin/keys/{keyId}}: a key into the running bridge over the owner's mutual TLS. Only the owner's
 * certificate is admitted (none, a colleague's, another organisation's are refused before the body is read); the
 * body is checked (malformed, oversized, a key of another kind, a key that did not make the ciphertext for the
 * dataset, a taken id) and nothing is stored on any refusal; a replaced key is released at once, without a restart;
 * the audit log names the import and never the key.
 */
@QuarkusTest
@WithTestResource(TlsResource.class)
class KeyImportRouteTest extends BridgeTest {
    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private static Path dir() {
        return Path.of(ConfigProvider.getConfig().getValue(TlsResource.DIR, String.class));
    }

    private URI base() {
        return URI.create("https://127.0.0.1:" + url.getPort() + "/");
    }

    // --- who may import

    @Test
    void noClientCertificateIsRefusedAndNothingStored() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        HttpResponse<String> r = put(null, id, datasetBody(key, Scenario.ICMR_DATA, key, Scenario.ICMR_DATA));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(code(r)).isEqualTo(RefusalCode.NO_CLIENT_CERTIFICATE);
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
        assertThat(AUDIT.lines())
                .anyMatch(l -> l.contains("admin refused NO_CLIENT_CERTIFICATE import-key keyId=" + id));
    }

    @Test
    void aColleagueOfTheSameOrganisationIsNotTheKeyOwner() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        HttpResponse<String> r = put("colleague", id, datasetBody(key, Scenario.ICMR_DATA, key, Scenario.ICMR_DATA));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(code(r)).isEqualTo(RefusalCode.NOT_THE_KEY_OWNER);
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
    }

    @Test
    void anotherOrganisationsCertificateIsRefusedAndNothingStored() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        try {
            HttpResponse<String> r =
                    put("other-org", id, datasetBody(key, Scenario.ICMR_DATA, key, Scenario.ICMR_DATA));
            assertThat(r.statusCode()).isIn(401, 403);
            assertThat(code(r)).isIn(RefusalCode.NO_CLIENT_CERTIFICATE, RefusalCode.CLIENT_NOT_TRUSTED);
        } catch (IOException handshakeRefused) {
            // the JDK's TLS server may drop an untrusted certificate in the handshake: nothing admitted either way
        }
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheBridgeAndSendsNothing() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        BridgeAdminClient client = new BridgeAdminClient(OwnerTls.as(dir(), "owner", "other-ca"));
        assertThatThrownBy(() -> client.importKey(base(), id, request(key, Scenario.ICMR_DATA, key, false)))
                .isInstanceOfSatisfying(BridgeAdminClient.AdminException.class, e -> {
                    assertThat(e.unreachable()).isFalse();
                    assertThat(e.reasonCode()).isEmpty();
                })
                .hasMessageContaining("did not agree on TLS");
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
    }

    // --- what is imported

    @Test
    void theOwnerImportsAFreshKeyAndTheBridgeHoldsItAtOnce() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        BridgeAdminClient owner = owner();

        KeyImportResult r = owner.importKey(base(), id, request(key, Scenario.ICMR_DATA, key, false));

        assertThat(r.keyId()).isEqualTo(id);
        assertThat(r.datasetId()).isEqualTo(Scenario.ICMR_DATA);
        assertThat(r.store()).isEqualTo("pkcs12");
        assertThat(r.replaced()).isFalse();
        assertThat(r.sealable()).isTrue();
        assertThat(owner.holds(base(), id)).isTrue();
        String keyHex = HexFormat.of().formatHex(key.bytes());
        String keyB64 = key.toBase64();
        assertThat(AUDIT.lines()).anyMatch(l -> l.startsWith("admin import-key keyId=" + id) && l.contains("imported"));
        assertThat(AUDIT.lines()).noneMatch(l -> l.toLowerCase(Locale.ROOT).contains(keyHex) || l.contains(keyB64));

        // The same id again, without asking to replace: refused, the key held stays.
        DatasetKey other = DatasetKey.generate();
        assertThatThrownBy(() -> owner.importKey(base(), id, request(other, Scenario.ICMR_DATA, other, false)))
                .isInstanceOfSatisfying(BridgeAdminClient.AdminException.class, e -> assertThat(e.reasonCode())
                        .contains(RefusalCode.KEY_ID_TAKEN))
                .hasMessageContaining(id);
    }

    @Test
    void aTakenIdIs409AndTheHeldKeyIsStillTheOneReleased() throws Exception {
        DatasetKey other = DatasetKey.generate();
        HttpResponse<String> r =
                put("owner", "icmr-data-key", datasetBody(other, Scenario.ICMR_DATA, other, Scenario.ICMR_DATA));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(code(r)).isEqualTo(RefusalCode.KEY_ID_TAKEN);
        assertThat(problem(r).detail()).contains("icmr-data-key").contains("replace");
        assertThat(release()).isEqualTo(TestWorld.ICMR_KEY);
    }

    @Test
    void aReplacedKeyIsReleasedAtOnceWithoutARestart() throws Exception {
        DatasetKey replacement = DatasetKey.generate();
        try {
            KeyImportResult r = owner().importKey(
                            base(), "icmr-data-key", request(replacement, Scenario.ICMR_DATA, replacement, true));
            assertThat(r.replaced()).isTrue();
            assertThat(release()).isEqualTo(replacement.bytes());
        } finally {
            // The other test classes release the world's key.
            TestWorld.KEYS.replaceKey("icmr-data-key", TestWorld.ICMR_KEY);
        }
        assertThat(release()).isEqualTo(TestWorld.ICMR_KEY);
    }

    @Test
    void aKeyThatDidNotMakeTheCiphertextForThatDatasetIsRefusedAndNothingStored() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        // Another dataset id than the ciphertext was made for.
        HttpResponse<String> wrongId = put("owner", id, datasetBody(key, Scenario.COWIN_DATA, key, Scenario.ICMR_DATA));
        assertThat(wrongId.statusCode()).isEqualTo(422);
        assertThat(code(wrongId)).isEqualTo(RefusalCode.KEY_MISMATCH);
        assertThat(problem(wrongId).detail()).contains("did not make").contains(Scenario.COWIN_DATA);
        // Another key than the one that made it.
        HttpResponse<String> wrongKey =
                put("owner", id, datasetBody(key, Scenario.ICMR_DATA, DatasetKey.generate(), Scenario.ICMR_DATA));
        assertThat(code(wrongKey)).isEqualTo(RefusalCode.KEY_MISMATCH);
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
        assertThat(AUDIT.lines()).anyMatch(l -> l.contains("admin refused KEY_MISMATCH import-key keyId=" + id));
    }

    @Test
    void aSpecKeyIsImportedUnderItsCommitmentOnlyAndMustOpenTheSealedSpec() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String commitment = HexFormat.of().formatHex(TestWorld.random32());
        SealedSpec.Header header = new SealedSpec.Header("tdc-1", commitment, base());
        byte[] sealed = SealedSpec.seal("{\"spec\":{},\"salt\":\"00\"}".getBytes(StandardCharsets.UTF_8), key, header);
        String keyFile = KeyFile.format(KeyFile.Kind.SPEC, key.toBase64());
        String sealedB64 = Base64.getEncoder().encodeToString(sealed);

        HttpResponse<String> otherId = put("owner", "spec-x", json(KeyImportRequest.spec(keyFile, sealedB64, false)));
        assertThat(code(otherId)).isEqualTo(RefusalCode.MALFORMED_REQUEST);
        assertThat(problem(otherId).detail()).contains("spec-" + commitment);

        String wrongKeyFile =
                KeyFile.format(KeyFile.Kind.SPEC, DatasetKey.generate().toBase64());
        HttpResponse<String> wrongKey =
                put("owner", header.keyId(), json(KeyImportRequest.spec(wrongKeyFile, sealedB64, false)));
        assertThat(code(wrongKey)).isEqualTo(RefusalCode.KEY_MISMATCH);
        assertThat(TestWorld.KEYS.contains(header.keyId())).isFalse();

        KeyImportResult r = owner().importKey(base(), header.keyId(), KeyImportRequest.spec(keyFile, sealedB64, false));
        assertThat(r.datasetId()).isNull();
        assertThat(TestWorld.KEYS.contains(header.keyId())).isTrue();
    }

    // --- malformed and oversized bodies

    @Test
    void malformedBodiesAreRefusedNamingWhatIsWrong() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        String start = Base64.getEncoder().encodeToString(ciphertext(key, Scenario.ICMR_DATA));
        String keyFile = KeyFile.format(KeyFile.Kind.DATASET, key.toBase64());
        String pseudonym = KeyFile.format(KeyFile.Kind.PSEUDONYM, key.toBase64());
        List<String[]> cases = List.of(
                new String[] {"not json", "not JSON"},
                new String[] {
                    "{\"key\":\"" + esc(keyFile) + "\",\"datasetId\":\"icmr-data\",\"ciphertextStart\":\"" + start
                            + "\",\"extra\":1}",
                    "unknown field 'extra'"
                },
                new String[] {"{\"key\":\"" + esc(keyFile) + "\",\"datasetId\":\"icmr-data\"}", "both datasetId and"},
                new String[] {"{\"key\":\"" + esc(keyFile) + "\"}", "one of them"},
                new String[] {"{\"datasetId\":\"icmr-data\",\"ciphertextStart\":\"" + start + "\"}", "key"},
                new String[] {
                    "{\"key\":\"" + esc(keyFile) + "\",\"datasetId\":\"icmr-data\",\"ciphertextStart\":\"" + start
                            + "\",\"sealedSpec\":\"AAAA\"}",
                    "one of them"
                },
                new String[] {
                    "{\"key\":\"" + esc(keyFile) + "\",\"datasetId\":\"icmr-data\",\"ciphertextStart\":\"%%%\"}",
                    "ciphertextStart is not standard base64"
                },
                new String[] {
                    "{\"key\":\"" + esc(pseudonym) + "\",\"datasetId\":\"icmr-data\",\"ciphertextStart\":\"" + start
                            + "\"}",
                    "pseudonym"
                },
                new String[] {
                    "{\"key\":\"" + esc(keyFile) + "\",\"datasetId\":\"Not An Id!\",\"ciphertextStart\":\"" + start
                            + "\"}",
                    "datasetId"
                },
                new String[] {
                    "{\"key\":5,\"datasetId\":\"icmr-data\",\"ciphertextStart\":\"" + start + "\"}",
                    "'key' is not of its type"
                });
        for (String[] c : cases) {
            HttpResponse<String> r = put("owner", id, c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(code(r)).as(c[0]).isEqualTo(RefusalCode.MALFORMED_REQUEST);
            assertThat(problem(r).detail()).as(c[0]).contains(c[1]);
            assertThat(r.body()).doesNotContain(key.toBase64());
        }
        HttpResponse<String> badId =
                put("owner", "bad%20id", datasetBody(key, Scenario.ICMR_DATA, key, Scenario.ICMR_DATA));
        assertThat(code(badId)).isEqualTo(RefusalCode.MALFORMED_REQUEST);
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
    }

    @Test
    void oversizedBodiesAreRefusedWith413() throws Exception {
        DatasetKey key = DatasetKey.generate();
        String id = TestWorld.next("fresh-key");
        String keyFile = KeyFile.format(KeyFile.Kind.DATASET, key.toBase64());
        // A ciphertext start over the proof's bound, in a body under the route's.
        byte[] tooLong = new byte[KeyImportRequest.CIPHERTEXT_PROOF_BYTES + 3];
        HttpResponse<String> overProof = put(
                "owner",
                id,
                json(KeyImportRequest.dataset(
                        keyFile, Scenario.ICMR_DATA, Base64.getEncoder().encodeToString(tooLong), false)));
        assertThat(overProof.statusCode()).isEqualTo(413);
        assertThat(code(overProof)).isEqualTo(RefusalCode.REQUEST_TOO_LARGE);
        assertThat(problem(overProof).detail()).contains("ciphertextStart");
        // A body over the route's bound.
        HttpResponse<String> overBody = put("owner", id, "x".repeat(KeyImportRequest.MAX_BODY_BYTES + 1));
        assertThat(overBody.statusCode()).isEqualTo(413);
        assertThat(code(overBody)).isEqualTo(RefusalCode.REQUEST_TOO_LARGE);
        assertThat(TestWorld.KEYS.contains(id)).isFalse();
    }

    @Test
    void theImportRoutesBoundIsNotTheReleaseRoutes() throws Exception {
        // The release routes keep their 256 KiB bound.
        HttpResponse<String> r = HttpClient.newBuilder()
                .sslContext(OwnerTls.as(dir(), null))
                .build()
                .send(
                        HttpRequest.newBuilder(base().resolve("v1/key-release/release"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(300 * 1024)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(code(r)).isEqualTo(RefusalCode.REQUEST_TOO_LARGE);
    }

    /** The test TDP's key as a clean room gets it from this bridge now: a release through the pinned address. */
    private byte[] release() throws Exception {
        String run = startedRun();
        String sha = Hashes.sha256Hex(
                CertificateLoader.load(dir().resolve("server.pem")).get(0).getEncoded());
        URI pinned = BridgeAddress.pinned(base(), sha);
        KeyReleaseClient client = KeyReleaseClient.create();
        Challenge challenge = client.challenge(pinned, run);
        EphemeralKey key = EphemeralKey.generate();
        ReleasedKey released =
                client.release(pinned, EmulatedCcr.trusted().request(run, Scenario.ICMR_DATA, challenge, key), key);
        return released.datasetKey();
    }

    private BridgeAdminClient owner() throws Exception {
        return new BridgeAdminClient(OwnerTls.as(dir(), "owner"));
    }

    /** {@code key}'s import naming {@code datasetId}, proved with a ciphertext {@code maker} made for {@code madeFor}. */
    private static KeyImportRequest request(DatasetKey key, String datasetId, DatasetKey maker, boolean replace)
            throws IOException {
        return KeyImportRequest.dataset(
                KeyFile.format(KeyFile.Kind.DATASET, key.toBase64()),
                datasetId,
                Base64.getEncoder().encodeToString(ciphertext(maker, datasetId)),
                replace);
    }

    private static String datasetBody(DatasetKey key, String datasetId, DatasetKey maker, String madeFor)
            throws IOException {
        return json(KeyImportRequest.dataset(
                KeyFile.format(KeyFile.Kind.DATASET, key.toBase64()),
                datasetId,
                Base64.getEncoder().encodeToString(ciphertext(maker, madeFor)),
                false));
    }

    private static byte[] ciphertext(DatasetKey key, String datasetId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetCipher.create(key)
                .encrypt(
                        new ByteArrayInputStream("pseudonym,age\n5a1f,34\n".getBytes(StandardCharsets.UTF_8)),
                        out,
                        datasetId);
        return out.toByteArray();
    }

    private static String json(KeyImportRequest r) throws IOException {
        return Json.mapper().writeValueAsString(r);
    }

    private static String esc(String s) {
        return s.replace("\n", "\\n");
    }

    private HttpResponse<String> put(String as, String keyId, String body) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(OwnerTls.as(dir(), as))
                .build()
                .send(
                        HttpRequest.newBuilder(base().resolve("v1/admin/keys/" + keyId))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static Problem problem(HttpResponse<String> r) {
        return Json.read(r.body(), Problem.class);
    }

    private static RefusalCode code(HttpResponse<String> r) {
        return problem(r).reasonCode();
    }
}
